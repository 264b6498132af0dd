// What every Slack listener shares: its dependencies, the delivery guards, and the
// rendering of a core reply as a message.
import type { webApi } from '@slack/bolt';
import type { AppPort } from '../../../core/app-port.js';
import type { Locale } from '../../../core/model.js';
import type { Reply } from '../../../core/reply.js';
import { errorReply, type Context } from '../../../core/usecases/index.js';
import type { Logger } from '../../log.js';
import { renderReply, type SlackMessage } from '../blocks.js';
import type { IdentityResolver } from '../identity.js';
import type { Responder } from '../respond.js';

export interface ListenerDeps {
  app: AppPort;
  client: webApi.WebClient;
  identities: IdentityResolver;
  respond: Responder;
  logger: Logger;
  /** Keeps work started after an ack, so stop() can wait for it. */
  track(work: Promise<unknown>): void;
}

/** Repeated interactions (same trigger) seen by this process; a cheap guard where the database must not be waited for. */
export class RecentKeys {
  private keys = new Map<string, number>();
  firstTime(key: string, ttlMs = 10 * 60_000): boolean {
    const now = Date.now();
    for (const [k, at] of this.keys) if (now - at > ttlMs) this.keys.delete(k);
    if (this.keys.has(key)) return false;
    this.keys.set(key, now);
    return true;
  }
}

/**
 * Lets one round of pending I/O (acks just sent, other requests waiting for theirs) go
 * first: an embedded database computes on this thread and would hold them up. The
 * second setImmediate runs after the event loop's next poll phase.
 */
export const yieldToIo = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

/** Claims a delivery; false (and logged) when it was handled before. */
export async function firstDelivery(deps: ListenerDeps, key: string): Promise<boolean> {
  if (await deps.app.store.claimDelivery(key)) return true;
  deps.logger.info({ key }, 'slack delivery repeated; skipped');
  return false;
}

/** Answers an unexpected failure with its stable code, and logs it. */
export async function failed(deps: ListenerDeps, url: string, err: unknown, locale: Locale): Promise<void> {
  deps.logger.error({ err }, 'slack request failed');
  await deps.respond(url, renderReply(errorReply(err, locale), { locale }));
}

async function stageNames(ctx: Context, reply: Reply): Promise<Record<string, string> | undefined> {
  const data = reply.data ?? {};
  if (!Array.isArray(data.events) && reply.code !== 'GATE_BLOCKED') return undefined;
  const pipeline = await ctx.store.getPipeline(ctx.workspace.id);
  return Object.fromEntries(pipeline.map((s) => [s.key, s.name]));
}

export async function render(ctx: Context, reply: Reply, command: string, help = false): Promise<SlackMessage> {
  const names = await stageNames(ctx, reply);
  return renderReply(reply, { locale: ctx.workspace.locale, command, help, ...(names && { stageNames: names }) });
}
