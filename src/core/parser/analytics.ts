// `funnel`, `metrics`, `winloss`, `competitors` and `stale`. Periods and dimensions are
// checked for shape here; stages (`from=`, `<role>-before-<stage>`) stay raw and are
// resolved against the workspace's pipeline by the use case.

import { canonicalWord, DIMENSION_WORDS, isDmOrEb, simpleDimension, splitRoleBefore } from '../analytics/dimensions.js';
import { MAX_DAYS, parsePeriod, PERIOD_WORDS } from '../analytics/period.js';
import type { AnalyticsView, DimensionSpec, PeriodSpec } from '../analytics/types.js';
import type { Command } from '../commands.js';
import { suggest } from '../suggest.js';
import { splitArgs, type Args } from './args.js';
import { usage } from './errors.js';
import type { Token } from './tokenize.js';
import { contactRole, NAME_MAX, text } from './values.js';

export const ANALYTICS_VERBS = ['funnel', 'metrics', 'winloss', 'competitors', 'stale'] as const;
export type AnalyticsVerb = (typeof ANALYTICS_VERBS)[number];

/** Typed word → verb (spellings, plurals, Chinese). */
export const ANALYTICS_VERB_ALIASES: Record<string, AnalyticsVerb> = {
  funnel: 'funnel',
  funnels: 'funnel',
  漏斗: 'funnel',
  metrics: 'metrics',
  metric: 'metrics',
  kpi: 'metrics',
  kpis: 'metrics',
  指标: 'metrics',
  winloss: 'winloss',
  'win-loss': 'winloss',
  'win/loss': 'winloss',
  winlose: 'winloss',
  factors: 'winloss',
  赢输: 'winloss',
  赢单因素: 'winloss',
  competitors: 'competitors',
  competitor: 'competitors',
  competition: 'competitors',
  竞争对手: 'competitors',
  stale: 'stale',
  stalled: 'stale',
  stuck: 'stale',
  停滞: 'stale',
};

export function analyticsVerb(word: string): AnalyticsVerb | undefined {
  return Object.hasOwn(ANALYTICS_VERB_ALIASES, word) ? ANALYTICS_VERB_ALIASES[word] : undefined;
}

const VIEW_WORDS: Record<string, AnalyticsView> = {
  cohort: 'cohort',
  cohorts: 'cohort',
  同期群: 'cohort',
  activity: 'activity',
  activities: 'activity',
  flow: 'activity',
  活动: 'activity',
};
const VIEW_NAMES = ['cohort', 'activity'];
const MINE_WORDS = ['mine', 'my', 'me', '我的'];
const RANGE_WORDS = ['..', '~', '～', 'to', '至', '-', '–', '—'];

function viewOf(raw: string): AnalyticsView | undefined {
  const w = raw.normalize('NFKC').trim().toLowerCase();
  return Object.hasOwn(VIEW_WORDS, w) ? VIEW_WORDS[w] : undefined;
}

const RELATIVE_WORDS = ['last', 'this', 'past', 'previous'];
const DAY_WORDS = ['d', 'day', 'days', '天'];

/** Joins "last week", "last 30 days" (several tokens) into one period word. */
function joinRelative(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    const next = words[i + 1];
    if (RELATIVE_WORDS.includes(w.toLowerCase()) && next !== undefined) {
      const head = w.toLowerCase() === 'this' ? 'this' : 'last';
      const after = words[i + 2];
      if (/^\d+$/.test(next) && after !== undefined && DAY_WORDS.includes(after.toLowerCase())) {
        out.push(`${head}-${next}-days`);
        i += 2;
      } else {
        out.push(`${head}-${next}`);
        i++;
      }
    } else {
      out.push(w);
    }
  }
  return out;
}

/** Joins "2026-01-01 .. 2026-03-31" (three tokens) and "2026-01-01.. 2026-03-31" into one range word. */
function joinRanges(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    const next = words[i + 1];
    const prev = out[out.length - 1];
    if (RANGE_WORDS.includes(w.toLowerCase()) && prev !== undefined && next !== undefined) {
      out[out.length - 1] = `${prev}..${next}`;
      i++;
    } else if (w.startsWith('..') && prev !== undefined && !prev.includes('..')) {
      out[out.length - 1] = `${prev}${w}`;
    } else if (w.endsWith('..') && next !== undefined && /^\d/.test(next)) {
      out.push(`${w}${next}`);
      i++;
    } else {
      out.push(w);
    }
  }
  return out;
}

function period(raw: string, command: string): PeriodSpec {
  const spec = parsePeriod(raw);
  if (spec === null) {
    const looksLikeDate = /^\d{4}/.test(raw.trim());
    if (looksLikeDate) return usage('badDate', { value: raw.trim() }, command);
    return usage('unexpectedArg', { word: raw }, command, suggest(raw.trim().toLowerCase(), [...PERIOD_WORDS, ...VIEW_NAMES]));
  }
  return spec;
}

function dimension(raw: string, command: string): DimensionSpec {
  const simple = simpleDimension(raw);
  if (simple !== undefined) return { kind: simple };
  const parts = splitRoleBefore(raw);
  if (parts !== null) {
    const stage = text(parts.stage, 'by', command, NAME_MAX);
    if (isDmOrEb(parts.role)) return { kind: 'roleBefore', role: 'dm_or_eb', stage };
    return { kind: 'roleBefore', role: contactRole(parts.role, command), stage };
  }
  return usage('unknownDimension', { key: raw.trim() }, command, suggest(canonicalWord(raw).replace(/_/g, '-'), DIMENSION_WORDS));
}

interface Common {
  period?: PeriodSpec;
  view?: AnalyticsView;
  mine: boolean;
}

/** Positional words: a period, a view word, and (stale) "mine". */
function positionals(args: Args, command: string, allow: { period: boolean; mine: boolean }): Common {
  const out: Common = { mine: false };
  const words = joinRelative(joinRanges(args.positionals.map((t) => t.text.trim()).filter((w) => w.length > 0)));
  for (const w of words) {
    const view = allow.period ? viewOf(w) : undefined;
    if (view !== undefined) {
      if (out.view !== undefined && out.view !== view) usage('unexpectedArg', { word: w }, command);
      out.view = view;
      continue;
    }
    if (allow.mine && MINE_WORDS.includes(w.toLowerCase())) {
      out.mine = true;
      continue;
    }
    if (!allow.period) usage('unexpectedArg', { word: w }, command, allow.mine ? suggest(w.toLowerCase(), ['mine']) : []);
    if (out.period !== undefined) usage('unexpectedArg', { word: w }, command);
    out.period = period(w, command);
  }
  return out;
}

function keyed(args: Args, command: string, out: Common): { by?: DimensionSpec; from?: string } {
  const result: { by?: DimensionSpec; from?: string } = {};
  const p = args.keys.get('period');
  if (p !== undefined) {
    if (out.period !== undefined) usage('duplicateKey', { key: 'period' }, command);
    out.period = period(p, command);
  }
  const v = args.keys.get('view');
  if (v !== undefined) {
    const view = viewOf(v);
    if (view === undefined) usage('unexpectedArg', { word: `view=${v}` }, command, suggest(v.trim().toLowerCase(), VIEW_NAMES).map((s) => `view=${s}`));
    else if (out.view !== undefined && out.view !== view) usage('duplicateKey', { key: 'view' }, command);
    else out.view = view;
  }
  const by = args.keys.get('by');
  if (by !== undefined) result.by = dimension(by, command);
  const from = args.keys.get('from');
  if (from !== undefined) result.from = text(from, 'from', command, NAME_MAX);
  return result;
}

function withPeriodAndView<C extends object>(cmd: C, c: Common): C & { period?: PeriodSpec; view?: AnalyticsView } {
  return {
    ...cmd,
    ...(c.period !== undefined && { period: c.period }),
    ...(c.view !== undefined && { view: c.view }),
  };
}

const PARSERS: Record<AnalyticsVerb, (rest: readonly Token[]) => Command> = {
  funnel: (rest) => {
    const c = 'funnel';
    const args = splitArgs(rest, { command: c, keys: ['by', 'view', 'period'] });
    const common = positionals(args, c, { period: true, mine: false });
    const { by } = keyed(args, c, common);
    return withPeriodAndView({ type: 'funnel' as const, ...(by && { by }) }, common);
  },
  metrics: (rest) => {
    const c = 'metrics';
    const args = splitArgs(rest, { command: c, keys: ['by', 'view', 'period'] });
    const common = positionals(args, c, { period: true, mine: false });
    const { by } = keyed(args, c, common);
    return withPeriodAndView({ type: 'metrics' as const, ...(by && { by }) }, common);
  },
  winloss: (rest) => {
    const c = 'winloss';
    const args = splitArgs(rest, { command: c, keys: ['by', 'view', 'period', 'from'] });
    const common = positionals(args, c, { period: true, mine: false });
    const { by, from } = keyed(args, c, common);
    return withPeriodAndView({ type: 'winloss' as const, ...(by && { by }), ...(from !== undefined && { from }) }, common);
  },
  competitors: (rest) => {
    const c = 'competitors';
    const args = splitArgs(rest, { command: c, keys: ['view', 'period'] });
    const common = positionals(args, c, { period: true, mine: false });
    keyed(args, c, common);
    return withPeriodAndView({ type: 'competitors' as const }, common);
  },
  stale: (rest) => {
    const c = 'stale';
    const args = splitArgs(rest, { command: c, keys: ['owner', 'days'] });
    const common = positionals(args, c, { period: false, mine: true });
    const cmd: Extract<Command, { type: 'stale' }> = { type: 'stale', mine: common.mine };
    const owner = args.keys.get('owner');
    if (owner !== undefined) {
      if (common.mine) usage('oneFilter', {}, c);
      cmd.owner = text(owner, 'owner', c);
    }
    const days = args.keys.get('days');
    if (days !== undefined) {
      const n = Number(days.normalize('NFKC').trim().replace(/d$/i, ''));
      if (!Number.isFinite(n) || n <= 0 || n > MAX_DAYS) usage('unexpectedArg', { word: `days=${days}` }, c);
      cmd.days = n;
    }
    return cmd;
  },
};

export function parseAnalytics(verb: AnalyticsVerb, rest: readonly Token[]): Command {
  return PARSERS[verb](rest);
}
