// Readers shared by `funnel`, `metrics`, `winloss`, `competitors` and `stale`
// (src/core/commands/analytics). Periods and dimensions are checked for shape here; stages (`from=`, `<role>-before-<stage>`) stay raw and are
// resolved against the workspace's pipeline by the use case.

import { canonicalWord, DIMENSION_WORDS, isDmOrEb, simpleDimension, splitRoleBefore } from '../analytics/dimensions.js';
import { parsePeriod, PERIOD_WORDS } from '../analytics/period.js';
import type { AnalyticsView, DimensionSpec, PeriodSpec } from '../analytics/types.js';
import { suggest } from '../suggest.js';
import { splitArgs, type Args } from './args.js';
import { usage } from './errors.js';
import type { Token } from './tokenize.js';
import { contactRole, NAME_MAX, text } from './values.js';

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

export interface Common {
  period?: PeriodSpec;
  view?: AnalyticsView;
  mine: boolean;
}

/** Positional words: a period, a view word, and (stale) "mine". */
export function positionals(args: Args, command: string, allow: { period: boolean; mine: boolean }): Common {
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

export function keyed(args: Args, command: string, out: Common): { by?: DimensionSpec; from?: string } {
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

export function withPeriodAndView<C extends object>(cmd: C, c: Common): C & { period?: PeriodSpec; view?: AnalyticsView } {
  return {
    ...cmd,
    ...(c.period !== undefined && { period: c.period }),
    ...(c.view !== undefined && { view: c.view }),
  };
}

/** The arguments of the period commands: positional period and view words, and `keys` (by=, from=, …). */
export function periodArgs(
  rest: readonly Token[],
  command: string,
  keys: readonly string[],
): { period?: PeriodSpec; view?: AnalyticsView; by?: DimensionSpec; from?: string } {
  const args = splitArgs(rest, { command, keys });
  const common = positionals(args, command, { period: true, mine: false });
  const { by, from } = keyed(args, command, common);
  return withPeriodAndView({ ...(by && { by }), ...(from !== undefined && { from }) }, common);
}
