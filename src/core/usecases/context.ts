// What every use case receives: who is acting, where, and the ports to reach the world.

import type { AnalyticsStore } from '../analytics/types.js';
import type { Deal, Locale, Member, Pipeline, Role, Workspace } from '../model.js';
import type { Clock, Store } from '../ports.js';
import type { ChannelRef } from '../jobs/ports.js';
import { normaliseName } from '../pipeline.js';
import { fail, type Reply } from '../reply.js';
import { suggest } from '../suggest.js';
import { say } from '../texts.js';

/** Builds and delivers the digest on demand (wired by the jobs runtime). */
export interface DigestService {
  now(ctx: Context, to: ChannelRef): Promise<{ text: string; data: Record<string, unknown> }>;
}

export interface Context {
  workspace: Workspace;
  actor: Member;
  store: Store;
  clock: Clock;
  /** Funnel analytics, aggregated in the database (src/core/analytics). */
  analytics: AnalyticsStore;
  /** The chat channel the command came from, when there is one. */
  channel?: ChannelRef;
  /** Present where digests can be built (the bot and the CLI). */
  digests?: DigestService;
}

export function localeOf(ctx: Context): Locale {
  return ctx.workspace.locale;
}

const RANK: Record<Role, number> = { rep: 0, manager: 1, admin: 2 };

export function atLeast(role: Role, wanted: Role): boolean {
  return RANK[role] >= RANK[wanted];
}

export function isManager(ctx: Context): boolean {
  return atLeast(ctx.actor.role, 'manager');
}

/** Reps change only their own deals; managers and admins change any deal of the workspace. */
export function canChange(ctx: Context, deal: Deal): boolean {
  return isManager(ctx) || deal.owner === ctx.actor.userId;
}

export function forbiddenNotYours(ctx: Context, deal: Deal): Reply {
  return fail('FORBIDDEN', say(localeOf(ctx), 'notYourDeal', { name: deal.name, owner: deal.owner }));
}

export type Found = { ok: true; deal: Deal; pipeline: Pipeline } | { ok: false; reply: Reply };

export async function findDealOrSuggest(ctx: Context, name: string): Promise<Found> {
  const ws = ctx.workspace.id;
  const [deal, pipeline] = await Promise.all([ctx.store.findDeal(ws, name), ctx.store.getPipeline(ws)]);
  if (deal) return { ok: true, deal, pipeline };
  const suggestions = similarNames(name, await ctx.store.dealNames(ws));
  const locale = localeOf(ctx);
  const text = [say(locale, 'dealNotFound', { name }), suggestions.length ? say(locale, 'didYouMean', { list: suggestions.join(', ') }) : '']
    .filter(Boolean)
    .join(' ');
  return { ok: false, reply: fail('DEAL_NOT_FOUND', text, { name, suggestions }) };
}

/**
 * Deal names a typo probably meant: names containing what was typed, then names
 * close to it as a whole, by a word, or by their start ("globx" → "Globex Industries").
 */
export function similarNames(typed: string, names: readonly string[], max = 5): string[] {
  const wanted = normaliseName(typed);
  if (!wanted) return [];
  const width = Array.from(wanted).length;
  const containing = names.filter((n) => normaliseName(n).includes(wanted));
  const close = names.filter((n) => {
    const key = normaliseName(n);
    const parts = [key, ...key.split(/\s+/), Array.from(key).slice(0, width).join('')];
    return parts.some((p) => suggest(wanted, [p], 1).length > 0);
  });
  return [...new Set([...containing, ...close])].slice(0, max);
}
