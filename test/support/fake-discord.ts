// A fake Discord on 127.0.0.1: the REST API a bot uses (gateway discovery, interaction
// callbacks, webhook follow-ups and edits, command registration, channel messages) and
// a gateway (HELLO, IDENTIFY → READY + GUILD_CREATE, RESUME → RESUMED, heartbeats) that
// can deliver INTERACTION_CREATE events. Everything received is recorded for asserts.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const MANAGE_GUILD = 1n << 5n;
export const ADMINISTRATOR = 1n << 3n;
export const BASIC_PERMISSIONS = (1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 15n); // view, send, embed, attach

let counter = 0n;
/** Snowflake-shaped ids, increasing. */
export function snowflake(): string {
  counter += 1n;
  return String((BigInt(Date.now() - 1420070400000) << 22n) + counter);
}

export interface FakeRole {
  id: string;
  name: string;
  permissions?: bigint;
}

export interface FakeGuild {
  id: string;
  name: string;
  locale?: string;
  roles?: FakeRole[];
  channelId?: string;
}

export interface FakeUser {
  id: string;
  username: string;
  roles?: string[];
  permissions?: bigint;
  nick?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  auth: string | undefined;
  contentType: string | undefined;
  /** JSON body, or the multipart `payload_json`. */
  body: any;
  files: { field: string; name: string; type: string; size: number; bytes: Buffer }[];
  at: number;
  status: number;
}

export interface Callback {
  interactionId: string;
  token: string;
  type: number;
  data: any;
  files: RecordedRequest['files'];
  at: number;
}

export interface WebhookCall {
  kind: 'edit' | 'followup' | 'delete';
  token: string;
  messageId: string | null;
  body: any;
  files: RecordedRequest['files'];
  at: number;
}

interface Session {
  ws: WebSocket;
  seq: number;
  sessionId: string | null;
  ready: boolean;
}

export interface SentInteraction {
  id: string;
  token: string;
  payload: any;
  at: number;
}

export interface FakeDiscordOptions {
  applicationId?: string;
  token?: string;
  guilds?: FakeGuild[];
}

type Limiter = { match: (r: { method: string; path: string }) => boolean; retryAfter: number; times: number; global: boolean };

export class FakeDiscord {
  readonly applicationId: string;
  readonly token: string;
  readonly botUser = { id: snowflake(), username: 'stagecoach', discriminator: '0', global_name: 'Stagecoach', avatar: null, bot: true, flags: 0 };
  readonly guilds: FakeGuild[];
  readonly requests: RecordedRequest[] = [];
  readonly callbacks: Callback[] = [];
  readonly webhooks: WebhookCall[] = [];
  readonly identifies: any[] = [];
  readonly resumes: any[] = [];
  readonly commandPuts: { guildId: string | null; body: any[] }[] = [];
  readonly channelMessages: { channelId: string; body: any; files: RecordedRequest['files'] }[] = [];
  readonly rateLimited: { method: string; path: string; at: number }[] = [];
  private readonly sessions = new Set<Session>();
  private readonly limiters: Limiter[] = [];
  private server!: Server;
  private wss!: WebSocketServer;
  port = 0;

  private constructor(options: FakeDiscordOptions) {
    this.applicationId = options.applicationId ?? snowflake();
    this.token = options.token ?? `fake-token-${randomBytes(6).toString('hex')}`;
    this.guilds = options.guilds ?? [{ id: snowflake(), name: 'Sales Team' }];
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await fake.listen();
    return fake;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  get guild(): FakeGuild {
    return this.guilds[0] as FakeGuild;
  }

  channelOf(guild: FakeGuild): string {
    guild.channelId ??= snowflake();
    return guild.channelId;
  }

  private async listen(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.onHttp(req, res).catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: String(err), code: 0 }));
      });
    });
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (ws) => this.onSocket(ws));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const s of this.sessions) s.ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // --- REST --------------------------------------------------------------------------

  /** The next `times` requests matching get a 429 with Retry-After `retryAfter` seconds. */
  rateLimit(match: Limiter['match'], retryAfter = 0.3, times = 1, global = false): void {
    this.limiters.push({ match, retryAfter, times, global });
  }

  private async readBody(req: IncomingMessage): Promise<{ body: any; files: RecordedRequest['files'] }> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const type = req.headers['content-type'] ?? '';
    if (raw.length === 0) return { body: null, files: [] };
    if (type.startsWith('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
      let body: any = null;
      const files: RecordedRequest['files'] = [];
      for (const [field, value] of form.entries()) {
        if (typeof value === 'string') {
          if (field === 'payload_json') body = JSON.parse(value);
        } else {
          const bytes = Buffer.from(await value.arrayBuffer());
          files.push({ field, name: value.name, type: value.type, size: bytes.length, bytes });
        }
      }
      return { body, files };
    }
    const text = raw.toString('utf8');
    try {
      return { body: JSON.parse(text), files: [] };
    } catch {
      return { body: text, files: [] };
    }
  }

  private json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): number {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
    return status;
  }

  /** 204 with no content-type: a JSON content-type on a 204 crashes discord.js. */
  private empty(res: ServerResponse): number {
    res.writeHead(204);
    res.end();
    return 204;
  }

  message(body: any, flags = 0): any {
    return {
      id: snowflake(),
      channel_id: this.channelOf(this.guild),
      type: 0,
      content: body?.content ?? '',
      embeds: body?.embeds ?? [],
      components: body?.components ?? [],
      attachments: (body?.attachments ?? []).map((a: any) => ({ ...a, id: snowflake(), url: `https://cdn.invalid/${a.filename}` })),
      author: this.botUser,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      pinned: false,
      flags: body?.flags ?? flags,
    };
  }

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${this.port}`);
    const method = req.method ?? 'GET';
    const path = url.pathname.replace(/^\/api(\/v\d+)?/, '');
    const { body, files } = await this.readBody(req);
    const record: RecordedRequest = {
      method,
      path,
      query: url.searchParams,
      auth: req.headers.authorization,
      contentType: req.headers['content-type'],
      body,
      files,
      at: Date.now(),
      status: 0,
    };
    this.requests.push(record);

    const limiter = this.limiters.find((l) => l.times > 0 && l.match({ method, path }));
    if (limiter) {
      limiter.times--;
      this.rateLimited.push({ method, path, at: Date.now() });
      record.status = this.json(
        res,
        429,
        { message: 'You are being rate limited.', retry_after: limiter.retryAfter, global: limiter.global },
        {
          'retry-after': String(limiter.retryAfter),
          'x-ratelimit-scope': limiter.global ? 'global' : 'user',
          ...(limiter.global && { 'x-ratelimit-global': 'true' }),
        },
      );
      return;
    }

    const botAuth = `Bot ${this.token}`;
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      if (record.auth !== botAuth) {
        record.status = this.json(res, 401, { message: '401: Unauthorized', code: 0 });
        return;
      }
      record.status = this.json(res, 200, {
        url: this.gatewayUrl,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      });
      return;
    }
    if ((m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path)) && method === 'POST') {
      this.callbacks.push({ interactionId: m[1] as string, token: m[2] as string, type: body?.type, data: body?.data, files, at: Date.now() });
      if (url.searchParams.get('with_response') === 'true') {
        record.status = this.json(res, 200, {
          interaction: { id: m[1], type: 2, activity_instance_id: null, response_message_id: null, response_message_loading: false, response_message_ephemeral: false },
          resource: { type: body?.type, message: this.message(body?.data) },
        });
      } else {
        record.status = this.empty(res);
      }
      return;
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/.exec(path))) {
      const token = decodeURIComponent(m[2] as string);
      const messageId = m[3] === undefined ? undefined : decodeURIComponent(m[3]);
      if (method === 'PATCH' && messageId) {
        this.webhooks.push({ kind: 'edit', token, messageId, body, files, at: Date.now() });
        record.status = this.json(res, 200, this.message(body));
        return;
      }
      if (method === 'POST' && !messageId) {
        this.webhooks.push({ kind: 'followup', token, messageId: null, body, files, at: Date.now() });
        record.status = this.json(res, 200, this.message(body));
        return;
      }
      if (method === 'DELETE' && messageId) {
        this.webhooks.push({ kind: 'delete', token, messageId, body, files, at: Date.now() });
        record.status = this.empty(res);
        return;
      }
      if (method === 'GET' && messageId) {
        record.status = this.json(res, 200, this.message({}));
        return;
      }
    }
    if ((m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path)) && method === 'PUT') {
      if (record.auth !== botAuth) {
        record.status = this.json(res, 401, { message: '401: Unauthorized', code: 0 });
        return;
      }
      if (m[1] !== this.applicationId) {
        record.status = this.json(res, 404, { message: 'Unknown Application', code: 10002 });
        return;
      }
      const guildId = m[2] ?? null;
      this.commandPuts.push({ guildId, body });
      record.status = this.json(
        res,
        200,
        (body as any[]).map((c) => ({ ...c, id: snowflake(), application_id: this.applicationId, version: snowflake(), default_member_permissions: null, ...(guildId && { guild_id: guildId }) })),
      );
      return;
    }
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path)) && method === 'POST') {
      if (record.auth !== botAuth) {
        record.status = this.json(res, 401, { message: '401: Unauthorized', code: 0 });
        return;
      }
      this.channelMessages.push({ channelId: m[1] as string, body, files });
      record.status = this.json(res, 200, { ...this.message(body), channel_id: m[1] });
      return;
    }
    record.status = this.json(res, 404, { message: `Unknown route ${method} ${path}`, code: 0 });
  }

  // --- Gateway ----------------------------------------------------------------------

  private sendOp(s: Session, payload: { op: number; d: unknown; t?: string | null }): void {
    const frame = { op: payload.op, d: payload.d, s: payload.op === 0 ? ++s.seq : null, t: payload.t ?? null };
    s.ws.send(JSON.stringify(frame));
  }

  private dispatchTo(s: Session, t: string, d: unknown): void {
    this.sendOp(s, { op: 0, t, d });
  }

  private onSocket(ws: WebSocket): void {
    const session: Session = { ws, seq: 0, sessionId: null, ready: false };
    this.sessions.add(session);
    ws.on('close', () => this.sessions.delete(session));
    ws.on('error', () => this.sessions.delete(session));
    ws.on('message', (raw) => {
      let msg: any;
      try {
        msg = JSON.parse(String(raw));
      } catch {
        return;
      }
      switch (msg.op) {
        case 1:
          this.sendOp(session, { op: 11, d: null });
          break;
        case 2:
          this.identifies.push(msg.d);
          this.onIdentify(session);
          break;
        case 6:
          this.resumes.push(msg.d);
          session.sessionId = msg.d?.session_id ?? snowflake();
          session.seq = Number(msg.d?.seq ?? 0);
          session.ready = true;
          this.dispatchTo(session, 'RESUMED', {});
          break;
        default:
          break;
      }
    });
    this.sendOp(session, { op: 10, d: { heartbeat_interval: 41_250 } });
  }

  private onIdentify(session: Session): void {
    session.sessionId = randomBytes(16).toString('hex');
    this.dispatchTo(session, 'READY', {
      v: 10,
      user: this.botUser,
      guilds: this.guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.sessionId,
      resume_gateway_url: this.gatewayUrl,
      shard: [0, 1],
      application: { id: this.applicationId, flags: 0 },
      user_settings: {},
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
    });
    for (const g of this.guilds) this.dispatchTo(session, 'GUILD_CREATE', this.guildPayload(g));
    session.ready = true;
  }

  private guildPayload(g: FakeGuild): any {
    const channelId = this.channelOf(g);
    const role = (r: FakeRole, position: number) => ({
      id: r.id,
      name: r.name,
      permissions: String(r.permissions ?? 0n),
      position,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      managed: false,
      mentionable: false,
      flags: 0,
      icon: null,
      unicode_emoji: null,
    });
    return {
      id: g.id,
      name: g.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: snowflake(),
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [role({ id: g.id, name: '@everyone', permissions: BASIC_PERMISSIONS }, 0), ...(g.roles ?? []).map((r, i) => role(r, i + 1))],
      emojis: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: g.locale ?? 'en-US',
      public_updates_channel_id: null,
      nsfw_level: 0,
      stickers: [],
      premium_progress_bar_enabled: false,
      safety_alerts_channel_id: null,
      joined_at: new Date().toISOString(),
      large: false,
      unavailable: false,
      member_count: 2,
      voice_states: [],
      members: [],
      channels: [{ id: channelId, type: 0, name: 'sales', guild_id: g.id, position: 0, permission_overwrites: [], nsfw: false, parent_id: null, topic: null, last_message_id: null, rate_limit_per_user: 0 }],
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  /** Ready gateway sessions (one per connected client). */
  get readySessions(): number {
    return [...this.sessions].filter((s) => s.ready).length;
  }

  /** Closes every gateway connection (the clients should resume). */
  dropConnections(code = 4000): void {
    for (const s of this.sessions) s.ws.close(code, 'fake: dropped');
  }

  /** Delivers an interaction to one session (by index) or to all. */
  deliver(payload: any, to: number | 'all' = 0): SentInteraction {
    const sessions = [...this.sessions].filter((s) => s.ready);
    const targets = to === 'all' ? sessions : [sessions[to]].filter((s): s is Session => s !== undefined);
    if (targets.length === 0) throw new Error('fake discord: no ready gateway session');
    for (const s of targets) this.dispatchTo(s, 'INTERACTION_CREATE', payload);
    return { id: payload.id, token: payload.token, payload, at: Date.now() };
  }

  // --- Interaction payloads -----------------------------------------------------------

  private base(type: number, user: FakeUser, guild: FakeGuild = this.guild): any {
    const channelId = this.channelOf(guild);
    return {
      id: snowflake(),
      application_id: this.applicationId,
      type,
      token: `itk-${randomBytes(12).toString('hex')}`,
      version: 1,
      guild_id: guild.id,
      guild: { id: guild.id, locale: guild.locale ?? 'en-US', features: [] },
      channel_id: channelId,
      channel: { id: channelId, type: 0, guild_id: guild.id, name: 'sales', nsfw: false, parent_id: null, position: 0, permissions: String(BASIC_PERMISSIONS) },
      member: {
        user: { id: user.id, username: user.username, global_name: user.username, discriminator: '0', avatar: null },
        roles: user.roles ?? [],
        permissions: String(user.permissions ?? BASIC_PERMISSIONS),
        nick: user.nick ?? null,
        joined_at: new Date().toISOString(),
        deaf: false,
        mute: false,
        flags: 0,
        pending: false,
        premium_since: null,
        avatar: null,
      },
      locale: 'en-US',
      guild_locale: guild.locale ?? 'en-US',
      app_permissions: String(BASIC_PERMISSIONS),
      entitlements: [],
      authorizing_integration_owners: { '0': guild.id },
      context: 0,
      attachment_size_limit: 10_485_760,
    };
  }

  private commandOptions(options: Record<string, OptionInput>, focused?: string): { list: any[]; users: Record<string, any> } {
    const users: Record<string, any> = {};
    const list = Object.entries(options).map(([name, v]) => {
      const o: any = { name };
      if (typeof v === 'object' && v !== null && 'user' in v) {
        o.type = 6;
        o.value = v.user;
        users[v.user] = { id: v.user, username: `user${v.user.slice(-4)}`, global_name: null, discriminator: '0', avatar: null };
      } else if (typeof v === 'number') {
        o.type = focused === undefined ? 10 : 3;
        o.value = v;
      } else if (typeof v === 'boolean') {
        o.type = 5;
        o.value = v;
      } else {
        o.type = 3;
        o.value = v;
      }
      if (focused === name) o.focused = true;
      return o;
    });
    return { list, users };
  }

  private commandData(c: CommandInput, focused?: string): any {
    const { list, users } = this.commandOptions(c.options ?? {}, focused);
    const options = c.sub ? [{ type: 1, name: c.sub, options: list }] : list;
    const data: any = { id: snowflake(), name: c.command, type: 1, options, guild_id: undefined };
    delete data.guild_id;
    if (Object.keys(users).length) data.resolved = { users };
    return data;
  }

  chatInput(c: CommandInput): any {
    return { ...this.base(2, c.user, c.guild), data: this.commandData(c) };
  }

  autocomplete(c: CommandInput & { focused: string }): any {
    return { ...this.base(4, c.user, c.guild), data: this.commandData(c, c.focused) };
  }

  button(user: FakeUser, customId: string, message: any = this.message({}, 64), guild?: FakeGuild): any {
    return { ...this.base(3, user, guild), data: { custom_id: customId, component_type: 2 }, message };
  }

  modalSubmit(user: FakeUser, customId: string, values: Record<string, string | string[]>, guild?: FakeGuild): any {
    let id = 100;
    const components = Object.entries(values).map(([customIdOfField, v]) => ({
      type: 18,
      id: id++,
      component: Array.isArray(v)
        ? { type: 3, id: id++, custom_id: customIdOfField, values: v }
        : { type: 4, id: id++, custom_id: customIdOfField, value: v },
    }));
    return { ...this.base(5, user, guild), data: { custom_id: customId, components } };
  }

  // --- Waiting ----------------------------------------------------------------------

  async waitFor<T>(probe: () => T | undefined | null | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v !== undefined && v !== null && v !== false) return v;
      if (Date.now() > until) throw new Error(`fake discord: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** The first callback for an interaction. */
  callbackOf(sent: { id: string }, timeoutMs = 10_000): Promise<Callback> {
    return this.waitFor(() => this.callbacks.find((c) => c.interactionId === sent.id), timeoutMs, `callback of ${sent.id}`);
  }

  webhooksOf(sent: { token: string }): WebhookCall[] {
    return this.webhooks.filter((w) => w.token === sent.token);
  }
}

export type OptionInput = string | number | boolean | { user: string };

export interface CommandInput {
  user: FakeUser;
  command: string;
  sub?: string;
  options?: Record<string, OptionInput>;
  guild?: FakeGuild;
}
