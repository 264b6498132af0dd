// A fake DingTalk on 127.0.0.1: the stream gateway (POST /v1.0/gateway/connections/open
// → { endpoint, ticket }, then a WebSocket exchanging JSON frames as dingtalk-stream
// reads them: {specVersion, type, headers{messageId, topic, ...}, data}, each answered
// with {code: 200, headers{messageId}, message, data}), the access token (oapi
// gettoken), session webhooks, the robot send API (group and one-to-one), media upload
// and a member's roles. It records every call and can answer 429.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { json, listen, readBody, waitFor } from './fake-http.js';

export interface RobotSend {
  path: string;
  body: Record<string, any>;
  msgParam: Record<string, any>;
  token: string | undefined;
  at: number;
}

export interface FakeDingTalk {
  url: string;
  clientId: string;
  clientSecret: string;
  robotCode: string;
  /** Posts to session webhooks, by session id. */
  webhookPosts: { session: string; body: Record<string, any>; at: number }[];
  robotSends: RobotSend[];
  media: { bytes: Buffer; at: number }[];
  /** Answers of the app to pushed frames, by frame messageId. */
  acks: Map<string, { at: number; frame: Record<string, any> }>;
  gatewayCalls: { subscriptions: { type: string; topic: string }[] }[];
  connections: number;
  limited: string[];
  roles: Map<string, string[]>;
  rolesDelayMs: number;
  openSockets(): number;
  /** A session webhook URL valid until `expiresAt`. */
  webhook(session: string): string;
  /** Pushes a robot message; resolves with the time the app took to acknowledge it. */
  pushRobotMessage(message: Record<string, unknown>, frameId?: string): Promise<number>;
  dropConnections(): void;
  rateLimitNext(path: string, times: number, retryAfterSeconds: number): void;
  waitFor<T>(probe: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

const TOKEN = 'fake-dingtalk-access-token';
const TOPIC_ROBOT = '/v1.0/im/bot/messages/get';


export async function startFakeDingTalk(): Promise<FakeDingTalk> {
  const tickets = new Set<string>();
  const sockets = new Set<WebSocket>();
  const limits = new Map<string, { times: number; wait: number }>();
  const pending = new Map<string, (at: number) => void>();
  let seq = 0;

  const fake: FakeDingTalk = {
    url: '',
    clientId: 'dingfakeclientid',
    clientSecret: 'fake-client-secret',
    robotCode: 'dingfakerobot',
    webhookPosts: [],
    robotSends: [],
    media: [],
    acks: new Map(),
    gatewayCalls: [],
    connections: 0,
    limited: [],
    roles: new Map(),
    rolesDelayMs: 0,
    openSockets: () => [...sockets].filter((s) => s.readyState === 1).length,
    webhook: (session) => `${fake.url}/robot/sendBySession?session=${session}`,
    pushRobotMessage(message, frameId = `stream-${++seq}`) {
      const socket = [...sockets].find((s) => s.readyState === 1);
      if (!socket) return Promise.reject(new Error('no open stream connection'));
      const sentAt = Date.now();
      const frame = {
        specVersion: '1.0',
        type: 'CALLBACK',
        headers: {
          appId: 'fake-app',
          connectionId: 'conn-1',
          contentType: 'application/json',
          messageId: frameId,
          time: String(sentAt),
          topic: TOPIC_ROBOT,
        },
        data: JSON.stringify(message),
      };
      return new Promise<number>((resolve) => {
        pending.set(frameId, (at) => resolve(at - sentAt));
        socket.send(JSON.stringify(frame));
      });
    },
    dropConnections() {
      for (const s of sockets) s.terminate();
    },
    rateLimitNext(path, times, wait) {
      limits.set(path, { times, wait });
    },
    waitFor: (probe, timeoutMs) => waitFor(probe, timeoutMs, 'fake-dingtalk'),
    close: async () => {},
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', fake.url);
    const path = url.pathname;
    const limit = limits.get(path);
    if (limit && limit.times > 0) {
      limit.times--;
      fake.limited.push(path);
      await readBody(req);
      return json(res, { code: 'Throttling', message: 'too many requests' }, 429, { 'retry-after': String(limit.wait) });
    }
    if (req.method === 'POST' && path === '/v1.0/gateway/connections/open') {
      const body = JSON.parse((await readBody(req)).toString()) as { clientId?: string; clientSecret?: string; subscriptions?: { type: string; topic: string }[] };
      fake.gatewayCalls.push({ subscriptions: body.subscriptions ?? [] });
      if (body.clientId !== fake.clientId || body.clientSecret !== fake.clientSecret) return json(res, { code: 'InvalidAuthentication', message: 'bad credentials' }, 401);
      const ticket = randomBytes(8).toString('hex');
      tickets.add(ticket);
      const port = (server.address() as AddressInfo).port;
      return json(res, { endpoint: `ws://127.0.0.1:${port}/connect`, ticket });
    }
    if (req.method === 'GET' && path === '/gettoken') {
      if (url.searchParams.get('appkey') !== fake.clientId || url.searchParams.get('appsecret') !== fake.clientSecret) {
        return json(res, { errcode: 40089, errmsg: 'invalid appkey or appsecret' });
      }
      return json(res, { errcode: 0, errmsg: 'ok', access_token: TOKEN, expires_in: 7200 });
    }
    if (req.method === 'POST' && path === '/robot/sendBySession') {
      const body = JSON.parse((await readBody(req)).toString()) as Record<string, any>;
      fake.webhookPosts.push({ session: url.searchParams.get('session') ?? '', body, at: Date.now() });
      return json(res, { errcode: 0, errmsg: 'ok' });
    }
    if (req.method === 'POST' && (path === '/v1.0/robot/groupMessages/send' || path === '/v1.0/robot/oToMessages/batchSend')) {
      const token = req.headers['x-acs-dingtalk-access-token'] as string | undefined;
      const body = JSON.parse((await readBody(req)).toString()) as Record<string, any>;
      if (token !== TOKEN) return json(res, { code: 'InvalidAuthentication', message: 'token' }, 401);
      if (body.robotCode !== fake.robotCode) return json(res, { code: 'invalidParameter.robotCode', message: 'robot' }, 400);
      fake.robotSends.push({ path, body, msgParam: JSON.parse(String(body.msgParam)) as Record<string, any>, token, at: Date.now() });
      return json(res, { processQueryKey: `pqk-${fake.robotSends.length}` });
    }
    if (url.searchParams.get('access_token') !== TOKEN) {
      await readBody(req);
      return json(res, { errcode: 40014, errmsg: 'invalid access_token' });
    }
    if (req.method === 'POST' && path === '/media/upload') {
      const raw = await readBody(req);
      const form = await new Response(raw, { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
      const media = form.get('media');
      if (url.searchParams.get('type') !== 'image' || !(media instanceof Blob)) return json(res, { errcode: 40004, errmsg: 'invalid media type' });
      fake.media.push({ bytes: Buffer.from(await media.arrayBuffer()), at: Date.now() });
      return json(res, { errcode: 0, errmsg: 'ok', type: 'image', media_id: `@media${fake.media.length}`, created_at: Date.now() });
    }
    if (req.method === 'POST' && path === '/topapi/v2/user/get') {
      const body = JSON.parse((await readBody(req)).toString()) as { userid?: string };
      if (fake.rolesDelayMs) await new Promise((r) => setTimeout(r, fake.rolesDelayMs));
      const names = fake.roles.get(body.userid ?? '') ?? [];
      return json(res, { errcode: 0, errmsg: 'ok', result: { userid: body.userid, role_list: names.map((name, i) => ({ id: i + 1, name, group_name: '默认' })) } });
    }
    json(res, { errcode: 404, errmsg: `fake-dingtalk: no route ${req.method} ${path}` }, 404);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => json(res, { errcode: 500, errmsg: String(err) }, 500));
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/connect' || !tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  wss.on('connection', (socket: WebSocket) => {
    fake.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as Record<string, any>;
      const id = frame.headers?.messageId as string | undefined;
      if (!id) return;
      const at = Date.now();
      fake.acks.set(id, { at, frame });
      pending.get(id)?.(at);
      pending.delete(id);
    });
  });
  const listening = await listen(server, wss, sockets);
  fake.url = listening.url;
  fake.close = listening.close;
  return fake;
}

let msgSeq = 0;

export interface RobotSpec {
  corpId?: string;
  staffId: string;
  nick?: string;
  text: string;
  direct?: boolean;
  conversationId?: string;
  msgId?: string;
  isAdmin?: boolean;
  /** The session webhook's expiry (ms since epoch); default an hour from now. */
  webhookExpiresAt?: number;
  webhook?: string | null;
}

/** A robot text message as DingTalk pushes it on the robot topic. */
export function robotMessage(fake: FakeDingTalk, spec: RobotSpec): Record<string, unknown> {
  const n = ++msgSeq;
  const corp = spec.corpId ?? 'dingcorp-a';
  return {
    conversationId: spec.conversationId ?? (spec.direct ? `cid-oto-${spec.staffId}` : 'cid-group-sales'),
    chatbotCorpId: corp,
    chatbotUserId: '$:LWCP_v1:$bot',
    msgId: spec.msgId ?? `msg${n}-${Date.now()}`,
    senderNick: spec.nick ?? spec.staffId,
    isAdmin: spec.isAdmin ?? false,
    senderStaffId: spec.staffId,
    sessionWebhookExpiredTime: spec.webhookExpiresAt ?? Date.now() + 3_600_000,
    createAt: Date.now(),
    senderCorpId: corp,
    conversationType: spec.direct ? '1' : '2',
    senderId: `$:LWCP_v1:$${spec.staffId}`,
    ...(spec.webhook !== null && { sessionWebhook: spec.webhook ?? fake.webhook(`s${n}`) }),
    robotCode: fake.robotCode,
    msgtype: 'text',
    text: { content: spec.text },
    ...(spec.direct ? {} : { conversationTitle: '销售群', isInAtList: true }),
  };
}
