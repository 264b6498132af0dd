// FEISHU_MODE=http: Feishu posts events to https://<host>/feishu/events. The SDK
// decrypts (FEISHU_ENCRYPT_KEY) and checks the signature (X-Lark-Signature) in
// EventDispatcher.invoke; the verification token is checked here, before anything runs.
// A refused request is answered 401 and leaves no trace in the database.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import * as lark from '@larksuiteoapi/node-sdk';
import type { FeishuConfig } from '../../config.js';
import type { Logger } from '../log.js';

export const CALLBACK_PATH = '/feishu/events';
const MAX_BODY = 1024 * 1024;

export interface CallbackOptions {
  dispatcher: lark.EventDispatcher;
  config: FeishuConfig;
  port: number;
  host?: string | undefined;
  logger: Logger;
  /** Extra GET routes on the same port (/healthz, /readyz). */
  routes?: Record<string, (req: IncomingMessage, res: ServerResponse) => void> | undefined;
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

type Json = Record<string, unknown>;

/** The event as sent (decrypted when it came encrypted); null when it cannot be read. */
function plainOf(body: Json, encryptKey: string | undefined): Json | null {
  if (typeof body.encrypt !== 'string') return body;
  if (!encryptKey) return null;
  try {
    return JSON.parse(new lark.AESCipher(encryptKey).decrypt(body.encrypt)) as Json;
  } catch {
    return null;
  }
}

function tokenOf(plain: Json): unknown {
  const header = plain.header as Json | undefined;
  return header?.token ?? plain.token;
}

export async function handleCallback(req: IncomingMessage, res: ServerResponse, options: CallbackOptions): Promise<void> {
  const { config, logger } = options;
  const raw = await readBody(req);
  if (raw === null) return send(res, 413, { error: 'too large' });
  let body: Json;
  try {
    body = JSON.parse(raw) as Json;
    if (!body || typeof body !== 'object') throw new Error('not an object');
  } catch {
    return send(res, 400, { error: 'not JSON' });
  }
  const plain = plainOf(body, config.encryptKey);
  if (plain === null) {
    logger.warn('feishu callback refused: it cannot be decrypted with FEISHU_ENCRYPT_KEY');
    return send(res, 400, { error: 'cannot decrypt' });
  }
  if (tokenOf(plain) !== config.verificationToken) {
    logger.warn('feishu callback refused: wrong verification token');
    return send(res, 401, { error: 'verification token' });
  }
  if (plain.type === 'url_verification') return send(res, 200, { challenge: plain.challenge });
  // The SDK reads the signature headers from the prototype, as its own adapters do.
  const data = Object.assign(Object.create({ headers: req.headers }) as Json, body);
  const result = await options.dispatcher.invoke(data);
  if (result === undefined) {
    logger.warn('feishu callback refused: bad signature');
    return send(res, 401, { error: 'signature' });
  }
  return send(res, 200, {});
}

export function startCallbackServer(options: CallbackOptions): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (req.method === 'POST' && path === CALLBACK_PATH) {
      handleCallback(req, res, options).catch((err: unknown) => {
        options.logger.error({ err }, 'feishu callback failed');
        if (!res.headersSent) send(res, 500, { error: 'internal' });
      });
      return;
    }
    const route = req.method === 'GET' ? options.routes?.[path] : undefined;
    if (route) return route(req, res);
    send(res, 404, { error: 'not found' });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve(server));
  });
}
