// A fake Feishu/Lark on 127.0.0.1: the Open API calls Stagecoach makes (tenant access
// token, bot info, send message, upload image, app administrators, chat members), the
// long-connection endpoint (/callback/ws/endpoint) and its WebSocket gateway speaking
// the SDK's pbbp2 frames, and a signer/encrypter for HTTP callbacks.
//
// pbbp2 is compiled into the SDK's lib/index.js and not exported; the messages are
// declared here with the field numbers, types and rules read there (Header: key=1,
// value=2, both required strings; Frame: SeqID=1 uint64, LogID=2 uint64, service=3
// int32, method=4 int32 (all required), headers=5 repeated Header, payloadEncoding=6,
// payloadType=7, payload=8 bytes, LogIDNew=9). Frame method 0 = control, 1 = data;
// header "type" = event | ping | pong; an event is answered with the same frame, an
// added biz_rt header and payload {"code":200}.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import protobuf from 'protobufjs';
import { WebSocketServer, type WebSocket } from 'ws';
import { json, listen, readBody, waitFor } from './fake-http.js';

const root = protobuf.Root.fromJSON({
  nested: {
    pbbp2: {
      nested: {
        Header: {
          fields: {
            key: { rule: 'required', type: 'string', id: 1 },
            value: { rule: 'required', type: 'string', id: 2 },
          },
        },
        Frame: {
          fields: {
            SeqID: { rule: 'required', type: 'uint64', id: 1 },
            LogID: { rule: 'required', type: 'uint64', id: 2 },
            service: { rule: 'required', type: 'int32', id: 3 },
            method: { rule: 'required', type: 'int32', id: 4 },
            headers: { rule: 'repeated', type: 'Header', id: 5 },
            payloadEncoding: { type: 'string', id: 6 },
            payloadType: { type: 'string', id: 7 },
            payload: { type: 'bytes', id: 8 },
            LogIDNew: { type: 'string', id: 9 },
          },
        },
      },
    },
  },
});
const Frame = root.lookupType('pbbp2.Frame');

export interface DecodedFrame {
  method: number;
  service: number;
  headers: Record<string, string>;
  payload: unknown;
}

function decodeFrame(buf: Buffer): DecodedFrame {
  const f = Frame.toObject(Frame.decode(buf), { longs: Number, bytes: Buffer }) as {
    method: number;
    service: number;
    headers?: { key: string; value: string }[];
    payload?: Buffer;
  };
  const headers = Object.fromEntries((f.headers ?? []).map((h) => [h.key, h.value]));
  let payload: unknown;
  if (f.payload?.length) {
    try {
      payload = JSON.parse(f.payload.toString('utf8'));
    } catch {
      payload = f.payload.toString('utf8');
    }
  }
  return { method: f.method, service: f.service, headers, payload };
}

export interface SentMessage {
  receiveIdType: string;
  receiveId: string;
  msgType: string;
  content: Record<string, any>;
  at: number;
}

export interface FakeFeishu {
  url: string;
  appId: string;
  appSecret: string;
  botOpenId: string;
  messages: SentMessage[];
  images: { bytes: Buffer; at: number }[];
  /** Answers of the app to event frames, by frame message_id. */
  acks: Map<string, { at: number; frame: DecodedFrame }>;
  endpointCalls: number;
  connections: number;
  /** 429s answered, by path. */
  limited: string[];
  admins: Set<string>;
  managerChats: Map<string, string[]>;
  /** Delay of the app administrator list, in ms (a slow directory). */
  adminDelayMs: number;
  openSockets(): number;
  /** Sends an event over the long connection; resolves with the time the app's answer took. */
  sendEvent(event: Record<string, unknown>, frameId?: string): Promise<number>;
  /** Sends an event over every open connection (one per app process), as separate frames. */
  sendEventToAll(event: Record<string, unknown>): Promise<number[]>;
  /** Closes the gateway side of every connection (the SDK must reconnect). */
  dropConnections(): void;
  rateLimitNext(path: string, times: number, resetSeconds: number): void;
  waitFor<T>(probe: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

const TOKEN = 't-fake-tenant-token';


export async function startFakeFeishu(options: { appId?: string; appSecret?: string } = {}): Promise<FakeFeishu> {
  const appId = options.appId ?? 'cli_a1b2c3d4e5f60718';
  const appSecret = options.appSecret ?? 'fake-app-secret';
  const sockets = new Set<WebSocket>();
  const limits = new Map<string, { times: number; reset: number }>();
  const pendingAcks = new Map<string, (at: number) => void>();
  let frameSeq = 0;

  const fake: FakeFeishu = {
    url: '',
    appId,
    appSecret,
    botOpenId: 'ou_bot_stagecoach',
    messages: [],
    images: [],
    acks: new Map(),
    endpointCalls: 0,
    connections: 0,
    limited: [],
    admins: new Set(),
    managerChats: new Map(),
    adminDelayMs: 0,
    openSockets: () => [...sockets].filter((s) => s.readyState === 1).length,
    sendEvent(event, frameId = `frame-${++frameSeq}`) {
      const socket = [...sockets].find((s) => s.readyState === 1);
      if (!socket) return Promise.reject(new Error('no open long connection'));
      return sendOn(socket, event, frameId);
    },
    sendEventToAll(event) {
      return Promise.all([...sockets].filter((s) => s.readyState === 1).map((s) => sendOn(s, event, `frame-${++frameSeq}`)));
    },
    dropConnections() {
      for (const s of sockets) s.terminate();
    },
    rateLimitNext(path, times, reset) {
      limits.set(path, { times, reset });
    },
    waitFor: (probe, timeoutMs) => waitFor(probe, timeoutMs, 'fake-feishu'),
    close: async () => {},
  };

  function sendOn(socket: WebSocket, event: Record<string, unknown>, frameId: string): Promise<number> {
    const sentAt = Date.now();
    const payload = Buffer.from(JSON.stringify(event));
    const frame = Frame.encode(
      Frame.fromObject({
        SeqID: 0,
        LogID: 0,
        service: 7,
        method: 1,
        headers: [
          { key: 'type', value: 'event' },
          { key: 'message_id', value: frameId },
          { key: 'sum', value: '1' },
          { key: 'seq', value: '0' },
          { key: 'trace_id', value: `trace-${frameId}` },
        ],
        payload,
      }),
    ).finish();
    return new Promise<number>((resolve) => {
      pendingAcks.set(frameId, (at) => resolve(at - sentAt));
      socket.send(frame);
    });
  }

  function authorized(headers: IncomingHttpHeaders): boolean {
    return headers.authorization === `Bearer ${TOKEN}`;
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', fake.url);
    const path = url.pathname;
    const limit = limits.get(path);
    if (limit && limit.times > 0) {
      limit.times--;
      fake.limited.push(path);
      await readBody(req);
      return json(res, { code: 99991400, msg: 'request trigger frequency limit' }, 429, { 'x-ogw-ratelimit-reset': String(limit.reset) });
    }
    if (req.method === 'POST' && path === '/callback/ws/endpoint') {
      const body = JSON.parse((await readBody(req)).toString()) as { AppID?: string; AppSecret?: string };
      fake.endpointCalls++;
      if (body.AppID !== appId || body.AppSecret !== appSecret) return json(res, { code: 514, msg: 'auth failed', data: {} });
      const port = (server.address() as AddressInfo).port;
      return json(res, {
        code: 0,
        msg: 'ok',
        data: {
          URL: `ws://127.0.0.1:${port}/ws?device_id=dev1&service_id=7`,
          // Seconds; ReconnectNonce 0 makes the SDK reconnect at once after a drop.
          ClientConfig: { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 0 },
        },
      });
    }
    if (req.method === 'POST' && path === '/open-apis/auth/v3/tenant_access_token/internal') {
      const body = JSON.parse((await readBody(req)).toString()) as { app_id?: string; app_secret?: string };
      if (body.app_id !== appId || body.app_secret !== appSecret) return json(res, { code: 10014, msg: 'app secret invalid' });
      return json(res, { code: 0, msg: 'ok', tenant_access_token: TOKEN, expire: 7200 });
    }
    if (!authorized(req.headers)) {
      await readBody(req);
      return json(res, { code: 99991663, msg: 'Invalid access token for authorization' }, 400);
    }
    if (req.method === 'GET' && path === '/open-apis/bot/v3/info') {
      return json(res, { code: 0, msg: 'ok', bot: { activate_status: 2, app_name: 'Stagecoach', open_id: fake.botOpenId } });
    }
    if (req.method === 'POST' && path === '/open-apis/im/v1/messages') {
      const body = JSON.parse((await readBody(req)).toString()) as { receive_id: string; msg_type: string; content: string };
      const id = `om_${fake.messages.length + 1}`;
      fake.messages.push({
        receiveIdType: url.searchParams.get('receive_id_type') ?? '',
        receiveId: body.receive_id,
        msgType: body.msg_type,
        content: JSON.parse(body.content) as Record<string, any>,
        at: Date.now(),
      });
      return json(res, { code: 0, msg: 'success', data: { message_id: id, chat_id: body.receive_id } });
    }
    if (req.method === 'POST' && path === '/open-apis/im/v1/images') {
      const raw = await readBody(req);
      const form = await new Response(raw, { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
      const image = form.get('image');
      if (form.get('image_type') !== 'message' || !(image instanceof Blob)) return json(res, { code: 234001, msg: 'Invalid request param.' }, 400);
      fake.images.push({ bytes: Buffer.from(await image.arrayBuffer()), at: Date.now() });
      return json(res, { code: 0, msg: 'success', data: { image_key: `img_v2_${fake.images.length}` } });
    }
    if (req.method === 'GET' && path === '/open-apis/user/v4/app_admin_user/list') {
      if (fake.adminDelayMs) await new Promise((r) => setTimeout(r, fake.adminDelayMs));
      return json(res, { code: 0, data: { user_list: [...fake.admins].map((open_id) => ({ open_id })) } });
    }
    const members = /^\/open-apis\/im\/v1\/chats\/([^/]+)\/members$/.exec(path);
    if (req.method === 'GET' && members) {
      const ids = fake.managerChats.get(decodeURIComponent(members[1] ?? '')) ?? [];
      return json(res, { code: 0, data: { items: ids.map((member_id) => ({ member_id, member_id_type: 'open_id', name: member_id })), has_more: false, page_token: '' } });
    }
    json(res, { code: 404, msg: `fake-feishu: no route ${req.method} ${path}` }, 404);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => json(res, { code: 500, msg: String(err) }, 500));
  });
  const wss = new WebSocketServer({ server, path: '/ws' });
  wss.on('connection', (socket) => {
    fake.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (data: Buffer) => {
      const frame = decodeFrame(data);
      if (frame.method === 0 && frame.headers.type === 'ping') {
        const pong = Frame.encode(
          Frame.fromObject({
            SeqID: 0,
            LogID: 0,
            service: 7,
            method: 0,
            headers: [{ key: 'type', value: 'pong' }],
            payload: Buffer.from(JSON.stringify({ PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 0 })),
          }),
        ).finish();
        socket.send(pong);
        return;
      }
      const id = frame.headers.message_id;
      if (frame.method === 1 && id) {
        const at = Date.now();
        fake.acks.set(id, { at, frame });
        pendingAcks.get(id)?.(at);
        pendingAcks.delete(id);
      }
    });
  });
  const listening = await listen(server, wss, sockets);
  fake.url = listening.url;
  fake.close = listening.close;
  return fake;
}

let eventSeq = 0;

export interface MessageSpec {
  tenantKey?: string;
  openId: string;
  chatId?: string;
  chatType?: 'group' | 'p2p';
  text: string;
  /** Mentions: key → open_id (the text refers to them by key, e.g. @_user_1). */
  mentions?: Record<string, { openId: string; name: string }>;
  messageId?: string;
  eventId?: string;
  token?: string;
  appId?: string;
}

/** An im.message.receive_v1 event in the 2.0 schema, as Feishu sends it. */
export function messageEvent(spec: MessageSpec): Record<string, unknown> {
  const n = ++eventSeq;
  const tenant = spec.tenantKey ?? 'tenant-a';
  return {
    schema: '2.0',
    header: {
      event_id: spec.eventId ?? `ev_${n}_${Date.now()}`,
      token: spec.token ?? 'verify-token',
      create_time: String(Date.now()),
      event_type: 'im.message.receive_v1',
      tenant_key: tenant,
      app_id: spec.appId ?? 'cli_a1b2c3d4e5f60718',
    },
    event: {
      sender: { sender_id: { open_id: spec.openId, union_id: `on_${spec.openId}`, user_id: spec.openId }, sender_type: 'user', tenant_key: tenant },
      message: {
        message_id: spec.messageId ?? `om_in_${n}_${Date.now()}`,
        root_id: '',
        parent_id: '',
        create_time: String(Date.now()),
        chat_id: spec.chatId ?? (spec.chatType === 'p2p' ? `oc_p2p_${spec.openId}` : 'oc_group_sales'),
        chat_type: spec.chatType ?? 'group',
        message_type: 'text',
        content: JSON.stringify({ text: spec.text }),
        mentions: Object.entries(spec.mentions ?? {}).map(([key, m]) => ({
          key,
          id: { open_id: m.openId, union_id: `on_${m.openId}`, user_id: '' },
          name: m.name,
          tenant_key: tenant,
        })),
      },
    },
  };
}

/** The body Feishu posts with an encrypt key: {"encrypt": base64(iv ‖ AES-256-CBC(sha256(key), iv, json))}. */
export function encryptEvent(event: Record<string, unknown>, encryptKey: string): { encrypt: string } {
  const key = createHash('sha256').update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const out = Buffer.concat([iv, cipher.update(JSON.stringify(event), 'utf8'), cipher.final()]);
  return { encrypt: out.toString('base64') };
}

/** Signature headers over the body as sent: sha256(timestamp + nonce + encryptKey + body). */
export function signHeaders(body: string, encryptKey: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(8).toString('hex');
  const signature = createHash('sha256').update(timestamp + nonce + encryptKey + body).digest('hex');
  return { 'x-lark-request-timestamp': timestamp, 'x-lark-request-nonce': nonce, 'x-lark-signature': signature };
}
