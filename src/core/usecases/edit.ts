// Read-modify-write of one deal under optimistic concurrency: a lost race re-reads
// the deal and re-applies the edit (re-checking every rule), so no write is lost.

import type { Deal, Pipeline, StageEvent } from '../model.js';
import { fail, type Reply } from '../reply.js';
import { say } from '../texts.js';
import { canChange, findDealOrSuggest, forbiddenNotYours, localeOf, type Context } from './context.js';

const MAX_ATTEMPTS = 8;

export type EditOutcome =
  | { write: false; reply: Reply }
  | { write: true; next: Deal; event?: Omit<StageEvent, 'dealId'>; reply: (saved: Deal) => Reply };

export async function editDeal(
  ctx: Context,
  name: string,
  edit: (deal: Deal, pipeline: Pipeline) => EditOutcome | Promise<EditOutcome>,
): Promise<Reply> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const found = await findDealOrSuggest(ctx, name);
    if (!found.ok) return found.reply;
    if (!canChange(ctx, found.deal)) return forbiddenNotYours(ctx, found.deal);
    const outcome = await edit(found.deal, found.pipeline);
    if (!outcome.write) return outcome.reply;
    const saved = await ctx.store.saveDeal(outcome.next, outcome.event ?? null, ctx.clock.now());
    if (saved !== 'conflict') return outcome.reply(saved);
    // Someone else wrote first: back off exponentially with jitter so retries spread out.
    await new Promise((r) => setTimeout(r, Math.random() * 10 * 2 ** attempt));
  }
  return fail('CONFLICT', say(localeOf(ctx), 'conflict', { name }), { name });
}
