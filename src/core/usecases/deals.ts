// Creating, editing and reading deals (stage changes live in move.ts).

import type { Command, DealFields, DealListFilter } from '../commands.js';
import { dealCardText, dealListText, dealView, eventView, historyText } from '../format.js';
import { evaluateGate } from '../gates.js';
import type { Deal, Pipeline } from '../model.js';
import { normaliseName, resolveStage } from '../pipeline.js';
import { fail, ok, type Reply } from '../reply.js';
import { say } from '../texts.js';
import { findDealOrSuggest, isManager, localeOf, type Context } from './context.js';
import { editDeal } from './edit.js';
import { gateBlocked, stageNotFound } from './replies.js';

type Of<T extends Command['type']> = Extract<Command, { type: T }>;

/** A deal not stored yet: every optional field empty, entering `stage` at `at`. */
export function newDealDraft(workspaceId: string, name: string, owner: string, stage: string, at: Date): Deal {
  return {
    id: '',
    workspaceId,
    name,
    owner,
    stage,
    stageEnteredAt: at,
    amount: null,
    currency: 'USD',
    closeDate: null,
    industry: null,
    source: null,
    team: null,
    competitors: [],
    noCompetitor: false,
    tags: [],
    contacts: [],
    notes: null,
    lostReason: null,
    lostNote: null,
    createdAt: at,
    updatedAt: at,
    version: 0,
  };
}

/** The deal with the given fields changed (absent ones kept). */
export function applyFields(deal: Deal, f: DealFields): Deal {
  return {
    ...deal,
    ...(f.amount !== undefined && { amount: f.amount }),
    ...(f.currency !== undefined && { currency: f.currency }),
    ...(f.close !== undefined && { closeDate: f.close }),
    ...(f.industry !== undefined && { industry: f.industry }),
    ...(f.source !== undefined && { source: f.source }),
    ...(f.team !== undefined && { team: f.team }),
    ...(f.owner !== undefined && { owner: f.owner }),
    ...(f.tags !== undefined && { tags: f.tags }),
    ...(f.notes !== undefined && { notes: f.notes }),
  };
}

function ownerChangeForbidden(ctx: Context, fields: DealFields): Reply | null {
  if (fields.owner === undefined || fields.owner === ctx.actor.userId || isManager(ctx)) return null;
  return fail('FORBIDDEN', say(localeOf(ctx), 'ownerNeedsManager'));
}

function dealReply(ctx: Context, text: string, deal: Deal, pipeline: Pipeline): Reply {
  const view = dealView(deal, pipeline, ctx.clock.now());
  return ok(`${text}\n${dealCardText(view, localeOf(ctx))}`, { deal: view });
}

export async function dealNew(ctx: Context, cmd: Of<'deal.new'>): Promise<Reply> {
  const locale = localeOf(ctx);
  const forbidden = ownerChangeForbidden(ctx, cmd.fields);
  if (forbidden) return forbidden;
  const ws = ctx.workspace.id;
  const pipeline = await ctx.store.getPipeline(ws);
  const first = pipeline.find((s) => s.kind === 'open');
  if (!first) return fail('INVALID', say(locale, 'stageLast'));
  const now = ctx.clock.now();
  const draft: Deal = applyFields(newDealDraft(ws, cmd.name, ctx.actor.userId, first.key, now), cmd.fields);
  // Entering the first stage is a stage change too: its gate applies.
  const gate = evaluateGate(pipeline, { ...draft, stage: '' }, first, locale);
  if (gate.missing.length) return gateBlocked(ctx, draft, first, gate.missing, pipeline);
  const { id: _id, createdAt: _c, updatedAt: _u, version: _v, ...fresh } = draft;
  const created = await ctx.store.createDeal(
    fresh,
    { from: null, to: first.key, at: now, by: ctx.actor.userId, overrideReason: null, imported: false },
    now,
  );
  if (created === 'duplicate') return fail('DUPLICATE', say(locale, 'dealExists', { name: cmd.name }), { name: cmd.name });
  return dealReply(ctx, say(locale, 'dealCreated', { name: created.name, stage: first.name }), created, pipeline);
}

export async function dealSet(ctx: Context, cmd: Of<'deal.set'>): Promise<Reply> {
  const forbidden = ownerChangeForbidden(ctx, cmd.fields);
  if (forbidden) return forbidden;
  return dealUpdate(ctx, cmd.name, (deal) => applyFields(deal, cmd.fields));
}

type ContactInput = Pick<Of<'deal.contact'>, 'person' | 'role' | 'title'>;

/** The deal with the contact added, or updated when a contact of that name exists (its date kept unless the role changes). */
export function withContact(deal: Deal, input: ContactInput, now: Date): { deal: Deal; existed: boolean } {
  const key = normaliseName(input.person);
  const existing = deal.contacts.findIndex((c) => normaliseName(c.name) === key);
  const before = deal.contacts[existing];
  const addedAt = before && before.role === input.role ? before.addedAt : now;
  const contact = { name: input.person, title: input.title ?? before?.title ?? null, role: input.role, addedAt };
  const contacts = [...deal.contacts];
  if (existing >= 0) contacts[existing] = contact;
  else contacts.push(contact);
  return { deal: { ...deal, contacts }, existed: existing >= 0 };
}

export async function dealContact(ctx: Context, cmd: Of<'deal.contact'>): Promise<Reply> {
  const locale = localeOf(ctx);
  return editDeal(ctx, cmd.name, (deal, pipeline) => {
    const { deal: next, existed } = withContact(deal, cmd, ctx.clock.now());
    const params = { name: deal.name, person: cmd.person, role: cmd.role };
    return {
      write: true,
      next,
      reply: (saved) => dealReply(ctx, say(locale, existed ? 'contactExists' : 'contactAdded', params), saved, pipeline),
    };
  });
}

export function addCompetitor(deal: Deal, competitor: string): Deal {
  const known = deal.competitors.some((c) => normaliseName(c) === normaliseName(competitor));
  return { ...deal, noCompetitor: false, competitors: known ? deal.competitors : [...deal.competitors, competitor] };
}

/** The deal with a competitor added, or (null) with "no competitor" recorded. */
export function withCompetitor(deal: Deal, competitor: string | null): Deal {
  return competitor === null ? { ...deal, competitors: [], noCompetitor: true } : addCompetitor(deal, competitor);
}

export async function dealCompetitor(ctx: Context, cmd: Of<'deal.competitor'>): Promise<Reply> {
  const locale = localeOf(ctx);
  return editDeal(ctx, cmd.name, (deal, pipeline) => {
    const text =
      cmd.competitor === null
        ? say(locale, 'competitorNone', { name: deal.name })
        : say(locale, 'competitorSet', { name: deal.name, competitor: cmd.competitor });
    return { write: true, next: withCompetitor(deal, cmd.competitor), reply: (saved) => dealReply(ctx, text, saved, pipeline) };
  });
}

/** Any change to a deal's fields in one write, answered like `deal set`. */
export function dealUpdate(ctx: Context, name: string, change: (deal: Deal) => Deal): Promise<Reply> {
  return editDeal(ctx, name, (deal, pipeline) => ({
    write: true,
    next: change(deal),
    reply: (saved) => dealReply(ctx, say(localeOf(ctx), 'dealUpdated', { name: saved.name }), saved, pipeline),
  }));
}

export async function dealTag(ctx: Context, cmd: Of<'deal.tag'>): Promise<Reply> {
  return editDeal(ctx, cmd.name, (deal, pipeline) => ({
    write: true,
    next: { ...deal, tags: [...new Set([...deal.tags, ...cmd.tags])] },
    reply: (saved) => dealReply(ctx, say(localeOf(ctx), 'tagsAdded', { name: saved.name, tags: cmd.tags.join(', ') }), saved, pipeline),
  }));
}

export async function dealShow(ctx: Context, cmd: Of<'deal.show'>): Promise<Reply> {
  const found = await findDealOrSuggest(ctx, cmd.name);
  if (!found.ok) return found.reply;
  const view = dealView(found.deal, found.pipeline, ctx.clock.now());
  return ok(dealCardText(view, localeOf(ctx)), { deal: view });
}

export async function dealHistory(ctx: Context, cmd: Of<'deal.history'>): Promise<Reply> {
  const found = await findDealOrSuggest(ctx, cmd.name);
  if (!found.ok) return found.reply;
  const events = await ctx.store.history(ctx.workspace.id, found.deal.id);
  const locale = localeOf(ctx);
  const text = `${say(locale, 'historyHeader', { name: found.deal.name })}\n${historyText(events, found.pipeline, locale)}`;
  return ok(text, { deal: { name: found.deal.name, stage: found.deal.stage }, events: events.map(eventView) });
}

const LIST_LIMIT = 200;

export async function dealList(ctx: Context, filter: DealListFilter): Promise<Reply> {
  const locale = localeOf(ctx);
  const ws = ctx.workspace.id;
  const pipeline = await ctx.store.getPipeline(ws);
  let query: { stage?: string; owner?: string } = {};
  if (filter.kind === 'mine') query = { owner: ctx.actor.userId };
  if (filter.kind === 'owner') query = { owner: filter.owner };
  if (filter.kind === 'stage') {
    const stage = resolveStage(pipeline, filter.stage);
    if (!stage) return stageNotFound(ctx, filter.stage, pipeline);
    query = { stage: stage.key };
  }
  const deals = await ctx.store.listDeals(ws, { ...query, limit: LIST_LIMIT });
  const now = ctx.clock.now();
  const views = deals.map((d) => dealView(d, pipeline, now));
  const text = views.length
    ? `${say(locale, 'dealsHeader', { count: views.length })}\n${dealListText(views, locale)}`
    : say(locale, 'noDeals');
  return ok(text, { deals: views, filter });
}
