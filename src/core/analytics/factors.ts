// Win/loss factors: for every value of every dimension, the win rate of its closed deals
// against the rest, with 95% Wilson intervals and a one-sided Fisher exact test in the
// observed direction; Benjamini–Hochberg across everything tested. The direction is
// chosen after looking at the data, so both directions of every comparison count as
// tested hypotheses in the BH family (the same as doubling each one-sided p-value).
// Below a minimum sample (closed deals in the value and in the rest) nothing is tested
// and the factor says "not enough data". Deals where the dimension is not recorded
// (no source, no competitor recorded, no amount, no tag) are counted but never tested,
// and they are left out of "the rest": fields that the stage gates ask for late are
// missing mostly on deals that died early, so comparing against them would only
// rediscover the gate order.

import { benjaminiHochberg, fisherOneSided, wilson } from '../stats/index.js';

export const DEFAULT_MIN_SAMPLE = 10;
/** q at or below: a finding. */
export const FINDING_Q = 0.05;
/** q at or below (and above FINDING_Q): worth watching. */
export const WATCH_Q = 0.2;

export interface FactorCount {
  dimension: string;
  value: string | null;
  label: string | null;
  won: number;
  lost: number;
}

export interface FactorTotal {
  dimension: string;
  won: number;
  lost: number;
}

export interface FactorOptions {
  minSample?: number;
  /** Dimensions where a deal can hold several values (competitor, tag): the rest is "deals without the value". */
  multiValued?: ReadonlySet<string>;
  /** Yes/no dimensions: only "yes" is tested ("no" is its mirror image). */
  binary?: ReadonlySet<string>;
}

export type FactorStatus = 'finding' | 'watch' | 'noDifference' | 'notEnoughData' | 'mirror' | 'notRecorded';

export interface Factor {
  dimension: string;
  value: string | null;
  label: string | null;
  won: number;
  closed: number;
  rate: number | null;
  low: number;
  high: number;
  restWon: number;
  restClosed: number;
  restRate: number | null;
  restLow: number;
  restHigh: number;
  /** rate − restRate (null when either side has no closed deal). */
  difference: number | null;
  direction: 'higher' | 'lower' | null;
  /** One-sided Fisher p in the observed direction; null when not tested. */
  p: number | null;
  /** Benjamini–Hochberg adjusted p (q-value); null when not tested. */
  q: number | null;
  status: FactorStatus;
}

export interface FactorAnalysis {
  factors: Factor[];
  /** Comparisons tested (mirrors and small samples excluded). */
  tested: number;
  /** Size of the BH family: two directions per tested comparison. */
  hypotheses: number;
  minSample: number;
}

const STATUS_ORDER: Record<FactorStatus, number> = { finding: 0, watch: 1, noDifference: 2, mirror: 3, notEnoughData: 4, notRecorded: 5 };

/** `base`: the dimension's closed deals with a recorded value (total minus the unrecorded). */
function describe(c: FactorCount, base: { won: number; lost: number }): Factor {
  const closed = c.won + c.lost;
  const restWon = Math.max(0, base.won - c.won);
  const restClosed = Math.max(0, base.won + base.lost - closed);
  const seg = wilson(c.won, closed);
  const rest = wilson(restWon, restClosed);
  const rateV = closed > 0 ? c.won / closed : null;
  const restRate = restClosed > 0 ? restWon / restClosed : null;
  const difference = rateV !== null && restRate !== null ? rateV - restRate : null;
  return {
    dimension: c.dimension,
    value: c.value,
    label: c.label,
    won: c.won,
    closed,
    rate: rateV,
    low: seg.low,
    high: seg.high,
    restWon,
    restClosed,
    restRate,
    restLow: rest.low,
    restHigh: rest.high,
    difference,
    direction: difference === null ? null : difference >= 0 ? 'higher' : 'lower',
    p: null,
    q: null,
    status: 'notEnoughData',
  };
}

/**
 * Tests every value against the rest of its dimension and ranks the results: findings
 * (q ≤ 0.05) first, then "watch" (q ≤ 0.2), then no clear difference, by q and then by
 * the size of the difference; untested values last.
 */
export function analyzeFactors(counts: readonly FactorCount[], totals: readonly FactorTotal[], options: FactorOptions = {}): FactorAnalysis {
  const minSample = options.minSample ?? DEFAULT_MIN_SAMPLE;
  const multi = options.multiValued ?? new Set<string>();
  const binary = options.binary ?? new Set<string>();
  const totalOf = new Map(totals.map((t) => [t.dimension, t]));

  const unrecorded = new Map(counts.filter((c) => c.value === null).map((c) => [c.dimension, c]));
  const factors = counts.flatMap((c) => {
    const total = totalOf.get(c.dimension);
    if (!total) return [];
    const none = unrecorded.get(c.dimension);
    if (c.value === null) {
      // Described against the recorded deals, never tested.
      const f = describe(c, { won: total.won, lost: total.lost });
      f.status = 'notRecorded';
      return [f];
    }
    return [describe(c, { won: total.won - (none?.won ?? 0), lost: total.lost - (none?.lost ?? 0) })];
  });

  const testable = (f: Factor) => f.status !== 'notRecorded' && f.closed >= minSample && f.restClosed >= minSample;
  /** Mirror image: value B of a two-valued, single-valued dimension repeats the test of value A. */
  const twinOf = new Map<Factor, Factor>();
  const byDimension = new Map<string, Factor[]>();
  for (const f of factors) byDimension.set(f.dimension, [...(byDimension.get(f.dimension) ?? []), f]);
  for (const [dimension, list] of byDimension) {
    if (multi.has(dimension)) continue;
    if (binary.has(dimension)) {
      const yes = list.find((f) => f.value === 'yes');
      for (const f of list) if (f !== yes && yes) twinOf.set(f, yes);
      continue;
    }
    const withDeals = list.filter((f) => f.closed > 0 && f.status !== 'notRecorded');
    const [a, b] = withDeals;
    if (withDeals.length === 2 && a && b && a.restClosed === b.closed) {
      const keep = (a.rate ?? 0) >= (b.rate ?? 0) ? a : b;
      twinOf.set(keep === a ? b : a, keep);
    }
  }

  const tested = factors.filter((f) => !twinOf.has(f) && testable(f));
  const chosen: number[] = [];
  const opposite: number[] = [];
  for (const f of tested) {
    const b = f.closed - f.won;
    const d = f.restClosed - f.restWon;
    const higher = f.direction !== 'lower';
    chosen.push(fisherOneSided(f.won, b, f.restWon, d, higher ? 'greater' : 'less'));
    opposite.push(fisherOneSided(f.won, b, f.restWon, d, higher ? 'less' : 'greater'));
  }
  const q = benjaminiHochberg([...chosen, ...opposite]);
  tested.forEach((f, i) => {
    f.p = chosen[i] ?? null;
    f.q = q[i] ?? null;
    f.status = (f.q ?? 1) <= FINDING_Q ? 'finding' : (f.q ?? 1) <= WATCH_Q ? 'watch' : 'noDifference';
  });
  for (const [f, twin] of twinOf) {
    if (twin.p === null) continue;
    f.p = twin.p;
    f.q = twin.q;
    f.status = 'mirror';
  }

  const ranked = [...factors].sort((x, y) => {
    const s = STATUS_ORDER[x.status] - STATUS_ORDER[y.status];
    if (s !== 0) return s;
    if (x.q !== null && y.q !== null && x.q !== y.q) return x.q - y.q;
    if (x.p !== null && y.p !== null && x.p !== y.p) return x.p - y.p;
    const dx = Math.abs(x.difference ?? 0);
    const dy = Math.abs(y.difference ?? 0);
    if (dx !== dy) return dy - dx;
    return y.closed - x.closed;
  });
  return { factors: ranked, tested: tested.length, hypotheses: 2 * tested.length, minSample };
}
