// The Feishu/Lark front door: the SDK's long-connection client (WSClient, no public
// URL) or, with FEISHU_MODE=http, event callbacks on PORT (callback.ts). Either way the
// SDK's EventDispatcher hands im.message.receive_v1 over; the handler only accepts the
// work and returns, so Feishu gets its answer well within its 3 seconds, and a
// redelivered message is applied once (message_id claimed in the database).
import type { Server } from 'node:http';
import * as lark from '@larksuiteoapi/node-sdk';
import type { AppPort } from '../../core/app-port.js';
import type { FeishuConfig } from '../../config.js';
import type { FrontDoor } from '../front-door.js';
import { errorReply } from '../../core/usecases/index.js';
import { alreadyPosted, createInbox, firstDelivery, platformLocale, runMessage } from '../chat/inbox.js';
import type { RetryPolicy } from '../chat/http.js';
import type { Logger } from '../log.js';
import { createFeishuApi, type FeishuApi } from './api.js';
import { startCallbackServer, type CallbackOptions } from './callback.js';
import { createRoles, feishuContext } from './identity.js';
import { commandOf, type FeishuMessageEvent } from './message.js';
import { replyCard } from './render.js';

export interface FeishuDoorOptions {
  app: AppPort;
  config: FeishuConfig;
  logger: Logger;
  /** HTTP mode: where callbacks arrive (POST /feishu/events). */
  port?: number;
  host?: string;
  retry?: RetryPolicy;
  /** HTTP mode: extra GET routes on the same port (/healthz, /readyz). */
  httpRoutes?: CallbackOptions['routes'];
  /** How long start() waits for the long connection (default 30 s). */
  readyTimeoutMs?: number;
  roleCacheMs?: number;
}

export interface FeishuDoor extends FrontDoor {
  readonly api: FeishuApi;
  readonly ws: lark.WSClient | undefined;
  /** HTTP mode: the port listened on, once started. */
  readonly port: number | undefined;
  idle(): Promise<void>;
}

/** The SDK's logger on ours (it logs arrays of strings). */
export function larkLogger(log: Logger) {
  const line = (args: unknown[]) => args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
  return {
    error: (...a: unknown[]) => log.error(line(a)),
    warn: (...a: unknown[]) => log.warn(line(a)),
    info: (...a: unknown[]) => log.info(line(a)),
    debug: (...a: unknown[]) => log.debug(line(a)),
    trace: (...a: unknown[]) => log.trace(line(a)),
  };
}

export const MESSAGE_EVENT = 'im.message.receive_v1';

export function createFeishuDoor(options: FeishuDoorOptions): FeishuDoor {
  const { app, config } = options;
  const log = options.logger.child({ frontDoor: 'feishu' });
  const api = createFeishuApi(config, options.retry);
  const roles = createRoles(api, log, { managerChat: config.managerChat, ...(options.roleCacheMs !== undefined && { ttlMs: options.roleCacheMs }) });
  const inbox = createInbox(log);
  const sdkLogger = larkLogger(log);
  let botOpenId: string | undefined;

  async function handle(event: FeishuMessageEvent): Promise<void> {
    const cmd = commandOf(event, botOpenId);
    if (!cmd) return;
    const to = { type: 'chat_id' as const, id: cmd.chatId };
    let locale = platformLocale(app);
    try {
      if (!(await firstDelivery(app, `feishu:message:${cmd.messageId}`, log))) return;
      const ctx = await feishuContext(app, cmd, roles);
      locale = ctx.workspace.locale;
      const reply = await runMessage(ctx, cmd.text, log);
      if (alreadyPosted(reply)) return;
      await api.send(to, replyCard(reply, locale));
    } catch (err) {
      log.error({ err, message: cmd.messageId }, 'feishu command failed');
      await api.send(to, replyCard(errorReply(err, locale), locale)).catch((e: unknown) => log.warn({ err: e }, 'feishu error reply not sent'));
    }
  }

  const dispatcher = new lark.EventDispatcher({
    ...(config.encryptKey && { encryptKey: config.encryptKey }),
    ...(config.verificationToken && { verificationToken: config.verificationToken }),
    logger: sdkLogger,
    loggerLevel: lark.LoggerLevel.warn,
  }).register({
    [MESSAGE_EVENT]: (data: FeishuMessageEvent) => {
      const id = data.message?.message_id ?? data.event_id;
      if (id) inbox.accept(`feishu:${id}`, () => handle(data));
      return 'accepted';
    },
  });

  let ws: lark.WSClient | undefined;
  let server: Server | undefined;

  async function startLongConnection(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('Feishu long connection not ready in time: check FEISHU_APP_ID, FEISHU_APP_SECRET and FEISHU_DOMAIN')), options.readyTimeoutMs ?? 30_000);
      ws = new lark.WSClient({
        appId: config.appId,
        appSecret: config.appSecret,
        domain: config.domain,
        logger: sdkLogger,
        loggerLevel: lark.LoggerLevel.info,
        onReady: () => {
          clearTimeout(timer);
          log.info('feishu long connection ready');
          resolve();
        },
        onError: (err: Error) => {
          clearTimeout(timer);
          log.error({ err }, 'feishu long connection failed');
          reject(err);
        },
        onReconnecting: () => log.warn('feishu long connection reconnecting'),
        onReconnected: () => log.info('feishu long connection resumed'),
      });
      void ws.start({ eventDispatcher: dispatcher });
    });
  }

  return {
    name: 'feishu',
    api,
    get ws() {
      return ws;
    },
    get port() {
      const address = server?.address();
      return address && typeof address === 'object' ? address.port : undefined;
    },
    async start() {
      botOpenId = await api.botOpenId().catch((err: unknown) => {
        log.warn({ err }, 'feishu bot info not read: any @mention in a group counts');
        return undefined;
      });
      if (config.mode === 'http') {
        server = await startCallbackServer({ dispatcher, config, port: options.port ?? 3000, host: options.host, logger: log, routes: options.httpRoutes });
        log.info({ port: this.port }, 'feishu front door listening on /feishu/events');
      } else {
        await startLongConnection();
      }
    },
    async stop() {
      ws?.close({ force: true });
      await inbox.drain();
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    },
    idle: () => inbox.idle(),
  };
}
