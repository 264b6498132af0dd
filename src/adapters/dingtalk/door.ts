// The DingTalk front door: Stream mode (dingtalk-stream, no public URL). A robot
// message is acknowledged on the socket first (DingTalk redelivers unacknowledged
// ones), then handled; a redelivered message (same msgId) is applied once. The answer
// goes through the message's session webhook while it is valid, else the robot send API.
import { TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';
import type { AppPort } from '../../core/app-port.js';
import type { DingTalkConfig } from '../../config.js';
import { errorReply } from '../../core/usecases/index.js';
import type { RetryPolicy } from '../chat/http.js';
import { alreadyPosted, createInbox, firstDelivery, platformLocale, runMessage } from '../chat/inbox.js';
import type { FrontDoor } from '../front-door.js';
import type { Logger } from '../log.js';
import { createDingTalkApi, type DingTalkApi, type Markdown } from './api.js';
import { createRoles, dingtalkContext } from './identity.js';
import { commandOf, type DingTalkCommand, type RobotMessage } from './message.js';
import { replyMarkdown } from './render.js';
import { StreamClient } from './stream.js';

export interface DingTalkDoorOptions {
  app: AppPort;
  config: DingTalkConfig;
  logger: Logger;
  retry?: RetryPolicy;
  /** How long start() waits for the stream connection (default 30 s). */
  readyTimeoutMs?: number;
  roleCacheMs?: number;
}

export interface DingTalkDoor extends FrontDoor {
  readonly api: DingTalkApi;
  readonly client: StreamClient;
  idle(): Promise<void>;
}

/** The session webhook while it is valid (with a margin), else the robot API. */
export async function answer(api: DingTalkApi, cmd: DingTalkCommand, markdown: Markdown): Promise<void> {
  if (cmd.webhook && cmd.webhook.expiresAt - 5000 > Date.now()) {
    await api.toWebhook(cmd.webhook.url, markdown);
    return;
  }
  await api.send(cmd.direct ? { kind: 'user', staffId: cmd.staffId } : { kind: 'group', conversationId: cmd.conversationId }, { markdown });
}

export function createDingTalkDoor(options: DingTalkDoorOptions): DingTalkDoor {
  const { app, config } = options;
  const log = options.logger.child({ frontDoor: 'dingtalk' });
  const api = createDingTalkApi(config, options.retry);
  const roles = createRoles(api, log, { managerRole: config.managerRole, ...(options.roleCacheMs !== undefined && { ttlMs: options.roleCacheMs }) });
  const inbox = createInbox(log);
  const client = new StreamClient({ clientId: config.clientId, clientSecret: config.clientSecret }, api);

  async function handle(cmd: DingTalkCommand): Promise<void> {
    let locale = platformLocale(app);
    try {
      if (!(await firstDelivery(app, `dingtalk:message:${cmd.msgId}`, log))) return;
      const ctx = await dingtalkContext(app, cmd, roles);
      locale = ctx.workspace.locale;
      const reply = await runMessage(ctx, cmd.text, log);
      if (alreadyPosted(reply)) return;
      await answer(api, cmd, replyMarkdown(reply, locale));
    } catch (err) {
      log.error({ err, msgId: cmd.msgId }, 'dingtalk command failed');
      await answer(api, cmd, replyMarkdown(errorReply(err, locale), locale)).catch((e: unknown) => log.warn({ err: e }, 'dingtalk error reply not sent'));
    }
  }

  client.registerCallbackListener(TOPIC_ROBOT, (down: DWClientDownStream) => {
    // Acknowledged first, so DingTalk does not redeliver while the command runs.
    client.socketCallBackResponse(down.headers.messageId, {});
    let msg: RobotMessage;
    try {
      msg = JSON.parse(down.data) as RobotMessage;
    } catch {
      log.warn({ messageId: down.headers.messageId }, 'dingtalk robot message is not JSON; ignored');
      return;
    }
    const cmd = commandOf(msg);
    if (cmd) inbox.accept(`dingtalk:${cmd.msgId}`, () => handle(cmd));
  });

  return {
    name: 'dingtalk',
    api,
    client,
    async start() {
      // Checked once here so bad credentials stop start-up with a clear message (connect() retries forever).
      await client.getEndpoint();
      await client.connect();
      const until = Date.now() + (options.readyTimeoutMs ?? 30_000);
      while (!client.connected) {
        if (Date.now() > until) throw new Error('DingTalk stream did not connect in time: check DINGTALK_API_URL and the network');
        await new Promise((r) => setTimeout(r, 50));
      }
      log.info('dingtalk stream connected');
    },
    async stop() {
      client.disconnect();
      await inbox.drain();
    },
    idle: () => inbox.idle(),
  };
}
