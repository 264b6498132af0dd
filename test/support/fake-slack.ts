// A fake Slack on 127.0.0.1: the Web API methods Stagecoach calls, the external upload
// URL of files.uploadV2, response_url endpoints, and a Socket Mode WebSocket (a minimal
// RFC 6455 server: text frames, ping/pong, close). It records every call, and can
// answer the next call to a target with 429 + Retry-After, or never answer calls to a
// target (a Slack that accepts connections and hangs). Plus a signer for requests
// to the app's HTTP receiver, as Slack signs them.
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  at: number;
}

export interface ResponsePost {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

export interface FakeUser {
  is_admin?: boolean;
  is_owner?: boolean;
  name?: string;
  real_name?: string;
}

export interface FakeSlack {
  /** http://127.0.0.1:PORT */
  url: string;
  /** The Web API base for SLACK_API_URL: http://127.0.0.1:PORT/api/ */
  apiUrl: string;
  calls: ApiCall[];
  responses: ResponsePost[];
  uploads: { fileId: string; bytes: Buffer; at: number }[];
  /** 429s the fake answered, with when. */
  limited: { target: string; at: number }[];
  users: Map<string, FakeUser>;
  /** When set, auth.test answers ok: false with this error (a revoked or wrong token). */
  authError: string | undefined;
  /** Channels the bot may not post in (chat.postMessage answers not_in_channel). */
  closedChannels: Set<string>;
  /** Socket Mode: messages the app sent back over the WebSocket (envelope acks). */
  socketMessages: { at: number; message: Record<string, unknown> }[];
  /** Socket Mode: open WebSocket connections. */
  socketCount(): number;
  /** Socket Mode: sends an envelope (slash_commands, interactive, events_api) to every connection. */
  sendEnvelope(envelope: Record<string, unknown>): void;
  responseUrl(id: string): string;
  callsTo(method: string): ApiCall[];
  responsesTo(id: string): ResponsePost[];
  /** The next request to `target` (an API method such as chat.postMessage, or "response") gets 429. */
  rateLimitNext(target: string, retryAfterSeconds: number): void;
  /** Requests to these targets (API methods, or "response") are read and never answered; each is recorded. */
  hang: Set<string>;
  hung: { target: string; at: number }[];
  waitFor<T>(probe: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function parseArgs(raw: Buffer, contentType: string): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (contentType.includes('application/json')) return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    // The Web API client JSON-encodes nested values (blocks, view, files).
    out[k] = /^[[{]/.test(v) ? safeJson(v) : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: ApiCall[] = [];
  const responses: ResponsePost[] = [];
  const uploads: FakeSlack['uploads'] = [];
  const limited: FakeSlack['limited'] = [];
  const users = new Map<string, FakeUser>();
  const closedChannels = new Set<string>();
  const rateLimits = new Map<string, number>();
  const hang = new Set<string>();
  const hung: FakeSlack['hung'] = [];
  const sockets = new Set<Socket>();
  const socketMessages: FakeSlack['socketMessages'] = [];
  let seq = 0;
  let base = '';

  function api(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'apps.connections.open':
        return { ok: true, url: `${base.replace('http', 'ws')}/socket` };
      case 'auth.test':
        if (fake.authError) return { ok: false, error: fake.authError };
        return { ok: true, url: 'https://fake.slack.test/', team: 'Fake Team', user: 'stagecoach', team_id: 'T123', user_id: 'UBOT', bot_id: 'B1' };
      case 'users.info': {
        const id = String(args.user);
        const u = users.get(id) ?? {};
        return {
          ok: true,
          user: { id, team_id: 'T123', name: u.name ?? id.toLowerCase(), real_name: u.real_name ?? id, is_admin: Boolean(u.is_admin), is_owner: Boolean(u.is_owner), profile: { display_name: u.name ?? '' } },
        };
      }
      case 'chat.postMessage': {
        const channel = String(args.channel);
        if (closedChannels.has(channel)) return { ok: false, error: 'not_in_channel' };
        return { ok: true, channel, ts: `1700000000.${String(++seq).padStart(6, '0')}`, message: { text: args.text } };
      }
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case 'views.open':
      case 'views.update': {
        const view = (typeof args.view === 'object' && args.view) || {};
        return { ok: true, view: { ...view, id: `V${++seq}`, hash: `h${seq}` } };
      }
      case 'files.getUploadURLExternal': {
        const fileId = `F${++seq}`;
        return { ok: true, upload_url: `${base}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = Array.isArray(args.files) ? (args.files as { id: string; title?: string }[]) : [];
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? '' })) };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  function limitedNow(target: string, res: ServerResponse): boolean {
    if (hang.has(target)) {
      // The connection stays open until the client gives up or the fake closes.
      hung.push({ target, at: Date.now() });
      return true;
    }
    const after = rateLimits.get(target);
    if (after === undefined) return false;
    rateLimits.delete(target);
    limited.push({ target, at: Date.now() });
    json(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(after) });
    return true;
  }

  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const contentType = String(req.headers['content-type'] ?? '');
      if (path.startsWith('/api/')) {
        const method = path.slice('/api/'.length);
        if (limitedNow(method, res)) return;
        const args = parseArgs(raw, contentType);
        calls.push({ method, args, headers: req.headers, at: Date.now() });
        return json(res, 200, api(method, args));
      }
      if (path.startsWith('/upload/')) {
        if (limitedNow('upload', res)) return;
        const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
        const file = form.get('body') ?? form.get('file');
        const bytes = file instanceof Blob ? Buffer.from(await file.arrayBuffer()) : Buffer.from(String(file ?? ''));
        uploads.push({ fileId: path.slice('/upload/'.length), bytes, at: Date.now() });
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end(`OK - ${bytes.length}`);
      }
      if (path.startsWith('/response/')) {
        if (limitedNow('response', res)) return;
        responses.push({ id: path.slice('/response/'.length), body: JSON.parse(raw.toString('utf8')) as Record<string, unknown>, at: Date.now() });
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('ok');
      }
      res.writeHead(404);
      res.end();
    })().catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket) => {
    const key = String(req.headers['sec-websocket-key'] ?? '');
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => sockets.delete(socket));
    readFrames(socket, (opcode, payload) => {
      if (opcode === 0x1) socketMessages.push({ at: Date.now(), message: JSON.parse(payload.toString('utf8')) as Record<string, unknown> });
      else if (opcode === 0x9) socket.write(frame(0xa, payload));
      else if (opcode === 0x8) {
        socket.end(frame(0x8, payload.subarray(0, 2)));
        sockets.delete(socket);
      }
    });
    socket.write(frame(0x1, Buffer.from(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' } }))));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeSlack = {
    url: base,
    apiUrl: `${base}/api/`,
    calls,
    responses,
    uploads,
    limited,
    users,
    closedChannels,
    socketMessages,
    socketCount: () => sockets.size,
    sendEnvelope(envelope) {
      for (const socket of sockets) socket.write(frame(0x1, Buffer.from(JSON.stringify(envelope))));
    },
    responseUrl: (id) => `${base}/response/${id}`,
    callsTo: (method) => calls.filter((c) => c.method === method),
    responsesTo: (id) => responses.filter((r) => r.id === id),
    rateLimitNext(target, seconds) {
      rateLimits.set(target, seconds);
    },
    hang,
    hung,
    async waitFor(probe, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const v = probe();
        if (v !== undefined && v !== null && v !== false) return v as never;
        if (Date.now() > until) throw new Error('fake slack: timed out waiting');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    authError: undefined,
  };
  return fake;
}

// --- WebSocket frames (server side: unmasked out, masked in) -------------------------

function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, len]) : Buffer.alloc(4);
  if (len >= 126) {
    if (len > 0xffff) throw new Error('fake slack: frame too large');
    head[0] = 0x80 | opcode;
    head[1] = 126;
    head.writeUInt16BE(len, 2);
  }
  return Buffer.concat([head, payload]);
}

function readFrames(socket: Socket, onFrame: (opcode: number, payload: Buffer) => void): void {
  let buf = Buffer.alloc(0);
  socket.on('data', (data: Buffer) => {
    buf = Buffer.concat([buf, data]);
    for (;;) {
      if (buf.length < 2) return;
      const opcode = buf[0]! & 0x0f;
      const masked = (buf[1]! & 0x80) !== 0;
      let len = buf[1]! & 0x7f;
      let offset = 2;
      if (len === 126) {
        if (buf.length < 4) return;
        len = buf.readUInt16BE(2);
        offset = 4;
      } else if (len === 127) {
        if (buf.length < 10) return;
        len = Number(buf.readBigUInt64BE(2));
        offset = 10;
      }
      const maskLen = masked ? 4 : 0;
      if (buf.length < offset + maskLen + len) return;
      const mask = buf.subarray(offset, offset + maskLen);
      const payload = Buffer.from(buf.subarray(offset + maskLen, offset + maskLen + len));
      if (masked) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ mask[i % 4]!;
      buf = buf.subarray(offset + maskLen + len);
      onFrame(opcode, payload);
    }
  });
}

// --- requests to the app, signed like Slack -----------------------------------------

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedPostOptions {
  secret: string;
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  /** Signs one body and sends another (a tampered request). */
  sendBody?: string;
  headers?: Record<string, string>;
}

export interface PostResult {
  status: number;
  text: string;
  ms: number;
}

/** POSTs a form body to the app as Slack does (x-slack-signature over the raw body). */
export async function slackPost(url: string, body: string, opts: SignedPostOptions): Promise<PostResult> {
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const started = Date.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': sign(opts.secret, ts, body),
      ...opts.headers,
    },
    body: opts.sendBody ?? body,
  });
  const text = await res.text();
  return { status: res.status, text, ms: Date.now() - started };
}

/** A slash command's form body. */
export function commandBody(fields: {
  command: string;
  text: string;
  user?: string;
  team?: string;
  channel?: string;
  responseUrl: string;
  triggerId?: string;
}): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: fields.team ?? 'T123',
    team_domain: 'acme-sales',
    channel_id: fields.channel ?? 'C001',
    channel_name: 'sales',
    user_id: fields.user ?? 'U_ALICE',
    user_name: (fields.user ?? 'U_ALICE').toLowerCase(),
    command: fields.command,
    text: fields.text,
    api_app_id: 'A1',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId ?? `trig.${Math.random().toString(36).slice(2)}`,
  }).toString();
}

/** An interactivity payload (block_actions, view_submission) as a form body. */
export function payloadBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
