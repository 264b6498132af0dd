// A series' matured weekly counts as of one scan, laid out over the weeks any window can use,
// and the windows' counts.

import { wilson } from '../stats/index.js';
import { alertKey, type CohortSeries } from './cohorts.js';
import { formatDay, mondayOf, weekOf } from './dates.js';
import type { AlertParams } from './params.js';
import type { WindowStats } from './types.js';

export function stats(firstDay: number, lastDay: number, entered: number, converted: number): WindowStats {
  const w = wilson(converted, entered);
  return {
    firstWeek: formatDay(firstDay),
    lastWeek: formatDay(lastDay),
    weeks: Math.round((lastDay - firstDay) / 7) + 1,
    entered,
    converted,
    rate: entered > 0 ? converted / entered : 0,
    wilsonLow: w.low,
    wilsonHigh: w.high,
  };
}

export function relDrop(baselineRate: number, rate: number): number {
  return baselineRate > 0 ? (baselineRate - rate) / baselineRate : 0;
}

/** Weeks are indexed 0..L-1 (oldest first) up to the latest matured week of a series. */
export interface Range {
  first: number;
  last: number;
}

/** A series' matured weekly counts as of one scan, over the weeks any window can use. */
export interface Prepared {
  series: CohortSeries;
  key: string;
  transition: string;
  /** Day number of the latest matured week (index L − 1). */
  lastDay: number;
  entered: number[];
  converted: number[];
}

export interface Layout {
  length: number;
  /** CUSUM: the latest cusum.weeks weeks, and the cusum.baselineWeeks before them. */
  cusum: Range;
  cusumBaseline: Range;
  /** The weeks before the widest window (Fisher or CUSUM) judged: where the dispersion is estimated,
   * untouched by a drop that the windows may be seeing. */
  history: Range;
}

export function layout(params: AlertParams): Layout {
  const K = params.maxCurrentWeeks;
  const C = params.cusum.enabled ? params.cusum.weeks : K;
  const B = params.baselineWeeks;
  const BC = params.cusum.enabled ? params.cusum.baselineWeeks : B;
  const length = Math.max(K + B, C + BC);
  const L = length;
  return {
    length,
    cusum: { first: L - C, last: L - 1 },
    cusumBaseline: { first: L - C - BC, last: L - C - 1 },
    history: { first: 0, last: L - Math.max(K, C) - 1 },
  };
}

export function prepare(series: CohortSeries, asOfDay: number, lay: Layout): Prepared {
  const T = series.maturityDays;
  if (!(Number.isFinite(T) && T >= 0)) throw new RangeError(`maturityDays must be ≥ 0, got ${T}`);
  // A week starting on Monday W is matured once its last entrant (W + 7) has had T days.
  const lastDay = mondayOf(asOfDay - 7 - Math.ceil(T));
  const firstDay = lastDay - 7 * (lay.length - 1);
  const entered = new Array<number>(lay.length).fill(0);
  const converted = new Array<number>(lay.length).fill(0);
  for (const c of series.cohorts) {
    if (
      !Number.isSafeInteger(c.entered) ||
      !Number.isSafeInteger(c.converted) ||
      c.entered < 0 ||
      c.converted < 0 ||
      c.converted > c.entered
    ) {
      throw new RangeError(
        `cohort ${c.weekStart} of ${alertKey(series.from, series.to, series.segment)}: need 0 ≤ converted ≤ entered (integers), got ${c.converted}/${c.entered}`,
      );
    }
    const d = weekOf(c.weekStart);
    if (d > lastDay || d < firstDay) continue; // immature, or older than any window needs
    const i = (d - firstDay) / 7;
    entered[i]! += c.entered;
    converted[i]! += c.converted;
  }
  return {
    series,
    key: alertKey(series.from, series.to, series.segment),
    transition: `${series.from}->${series.to}`,
    lastDay,
    entered,
    converted,
  };
}

export function sum(p: Prepared, r: Range): { n: number; c: number } {
  let n = 0;
  let c = 0;
  for (let i = r.first; i <= r.last; i++) {
    n += p.entered[i]!;
    c += p.converted[i]!;
  }
  return { n, c };
}

export function statsOf(p: Prepared, r: Range): WindowStats {
  const { n, c } = sum(p, r);
  return stats(dayOf(p, r.first), dayOf(p, r.last), n, c);
}

/** Day number of the Monday of week index i. */
export function dayOf(p: Prepared, i: number): number {
  return p.lastDay - 7 * (p.entered.length - 1 - i);
}

/** Week index of a day number (may be outside 0..length − 1). */
export function indexOf(p: Prepared, day: number): number {
  return p.entered.length - 1 - (p.lastDay - day) / 7;
}
