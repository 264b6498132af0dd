// Work accepted from a message platform after its ack: a delivery seen in this process
// is dropped at once (the database claim decides across processes), the work runs
// in the background, and stop() waits for what is in flight.
import type { AppPort } from '../../core/app-port.js';
import type { Locale } from '../../core/model.js';
import type { Reply } from '../../core/reply.js';
import { handleText, type Context } from '../../core/usecases/index.js';
import type { Logger } from '../log.js';
import { withDealWord } from './deal-word.js';

const SEEN_MAX = 5000;

export interface Inbox {
  /** Starts `work` unless `key` was accepted before; returns at once (the platform is acked right after). */
  accept(key: string, work: () => Promise<void>): void;
  /** Stops accepting and waits for the work in flight. */
  drain(): Promise<void>;
  /** Resolves when the work accepted so far is done. */
  idle(): Promise<void>;
}

export function createInbox(logger: Logger): Inbox {
  const seen = new Set<string>();
  const inflight = new Set<Promise<void>>();
  let stopping = false;
  const idle = async () => {
    while (inflight.size > 0) await Promise.allSettled([...inflight]);
  };
  return {
    accept(key, work) {
      if (stopping) return;
      if (seen.has(key)) {
        logger.info({ key }, 'delivery repeated in this process; skipped');
        return;
      }
      seen.add(key);
      if (seen.size > SEEN_MAX) seen.delete(seen.values().next().value as string);
      // The handler returns (and the platform gets its ack) before any work starts; the
      // second setImmediate lets pending I/O go first, as an embedded database computes on this thread.
      const p: Promise<void> = new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)))
        .then(work)
        .catch((err: unknown) => logger.error({ err, key }, 'message handling failed'))
        .finally(() => inflight.delete(p));
      inflight.add(p);
    },
    async drain() {
      stopping = true;
      await idle();
    },
    idle,
  };
}

/** Claims a delivery in the database; false (and logged) when another process or an earlier delivery had it. */
export async function firstDelivery(app: AppPort, key: string, logger: Logger): Promise<boolean> {
  if (await app.store.claimDelivery(key)) return true;
  logger.info({ key }, 'delivery repeated; skipped');
  return false;
}

/** Runs a typed message as a command (the `deal` word optional). */
export function runMessage(ctx: Context, text: string, logger: Logger): Promise<Reply> {
  return handleText(ctx, withDealWord(text), (err, input) => logger.error({ err, input, workspace: ctx.workspace.id }, 'command failed'));
}

/** Language of a workspace first seen on a Chinese platform: zh-CN unless DEFAULT_LOCALE is set. */
export function platformLocale(app: AppPort): Locale {
  return app.config.defaultLocaleSet ? app.config.defaultLocale : 'zh-CN';
}

/** `digest now` posts the digest itself (through the notifier): the command then answers nothing more. */
export function alreadyPosted(reply: Reply): boolean {
  return reply.ok && reply.data !== undefined && 'posted' in reply.data;
}
