// Autocomplete answers: deal names (the member's own first, then the workspace's),
// stages (keys, names and aliases, shown in the workspace locale), periods, dimensions
// and requirement ids. Suggestions only: the member may still send what they typed.

import type { Locale, Stage } from '../../core/model.js';
import { normaliseName } from '../../core/pipeline.js';
import { REQUIREMENT_IDS } from '../../core/requirements.js';
import type { Context } from '../../core/usecases/index.js';
import type { Completer } from './definitions.js';
import { LIMITS } from './limits.js';
import { discordText } from './texts.js';

export interface Choice {
  name: string;
  value: string;
}

const MAX = LIMITS.autocompleteChoices;
const VALUE_MAX = 100;

// The analytics grammar's common words (`funnel [period] [by=<dimension>]`); anything
// else typed is offered as is, and the core parser judges it.
export const PERIODS = ['week', 'month', 'quarter', 'year', 'last-week', 'last-month', 'last-quarter', 'last-year', '30d', '90d', 'all'] as const;
export const DIMENSIONS = ['owner', 'team', 'industry', 'source', 'competitor', 'tag', 'size', 'dm-before-qualified'] as const;

type TextKey = Parameters<typeof discordText>[1];
const keyOf = (prefix: string, value: string) => `${prefix}_${value.replace(/-/g, '_')}` as TextKey;

function clip(s: string): string {
  return s.length <= VALUE_MAX ? s : `${s.slice(0, VALUE_MAX - 1)}…`;
}

/** Starts-with matches first, then contains; an empty query matches everything. */
function rank<T>(items: readonly T[], typed: string, keys: (item: T) => readonly string[]): T[] {
  const q = normaliseName(typed);
  if (!q) return [...items];
  const starts: T[] = [];
  const contains: T[] = [];
  for (const item of items) {
    const ks = keys(item).map(normaliseName);
    if (ks.some((k) => k.startsWith(q))) starts.push(item);
    else if (ks.some((k) => k.includes(q))) contains.push(item);
  }
  return [...starts, ...contains];
}

export async function dealChoices(ctx: Context, typed: string): Promise<Choice[]> {
  const ws = ctx.workspace.id;
  const [own, all] = await Promise.all([ctx.store.listDeals(ws, { owner: ctx.actor.userId, limit: 200 }), ctx.store.dealNames(ws)]);
  const ownNames = own.map((d) => d.name);
  const ownSet = new Set(ownNames);
  const names = [...rank(ownNames, typed, (n) => [n]), ...rank(all.filter((n) => !ownSet.has(n)), typed, (n) => [n])];
  // A name longer than a choice value cannot be offered (it could not be sent back whole).
  return names
    .filter((n) => n.length <= VALUE_MAX)
    .slice(0, MAX)
    .map((n) => ({ name: n, value: n }));
}

const HAN = /\p{Script=Han}/u;

/** The label a member of this locale knows the stage by. */
export function stageLabel(stage: Stage, locale: Locale): string {
  if (locale === 'zh-CN' && !HAN.test(stage.name)) {
    const zh = stage.aliases.find((a) => HAN.test(a));
    if (zh) return zh;
  }
  return stage.name;
}

export async function stageChoices(ctx: Context, typed: string): Promise<Choice[]> {
  const pipeline = await ctx.store.getPipeline(ctx.workspace.id);
  const locale = ctx.workspace.locale;
  return rank(pipeline, typed, (s) => [s.key, s.name, ...s.aliases])
    .slice(0, MAX)
    .map((s) => {
      const label = stageLabel(s, locale);
      return { name: clip(normaliseName(label) === s.key ? label : `${label} (${s.key})`), value: s.key };
    });
}

function fixedChoices(values: readonly string[], label: (v: string) => string, typed: string): Choice[] {
  const matched = rank(values, typed, (v) => [v, label(v)]).map((v) => ({ name: clip(label(v)), value: v }));
  const t = typed.trim();
  // Custom values (dates, dimensions the core adds later) pass through as typed.
  if (t && matched.length === 0) matched.push({ name: clip(t), value: clip(t) });
  return matched.slice(0, MAX);
}

/** Completes the last word of a space-separated list of requirement ids. */
function requirementChoices(typed: string): Choice[] {
  const words = typed.split(/\s+/u);
  const last = words.pop() ?? '';
  const head = words.filter(Boolean);
  const prefix = head.length ? `${head.join(' ')} ` : '';
  return rank(['none', ...REQUIREMENT_IDS], last, (id) => [id])
    .filter((id) => !head.includes(id))
    .map((id) => `${prefix}${id}`)
    .filter((v) => v.length <= VALUE_MAX)
    .slice(0, MAX)
    .map((v) => ({ name: v, value: v }));
}

export async function completeOption(kind: Completer, typed: string, ctx: Context): Promise<Choice[]> {
  const locale = ctx.workspace.locale;
  switch (kind) {
    case 'deal':
      return dealChoices(ctx, typed);
    case 'stage':
      return stageChoices(ctx, typed);
    case 'period':
      return fixedChoices(PERIODS, (p) => `${discordText(locale, keyOf('period', p))} (${p})`, typed);
    case 'dimension':
      return fixedChoices(DIMENSIONS, (d) => `${discordText(locale, keyOf('dim', d))} (${d})`, typed);
    case 'requirement':
      return requirementChoices(typed);
  }
}
