// From raw per-deal stage stays to matured weekly cohorts, and the maturity windows
// (time a deal is given to reach the next stage) that define "converted" and "matured".

import { quantile } from '../stats/index.js';
import { dayOfInstant, formatDay, mondayOf, parseDay } from './dates.js';
import { DEFAULT_ALERT_PARAMS, historyWeeks, type AlertParams } from './params.js';

export const DIMENSIONS = ['team', 'owner', 'source', 'industry'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface Segment {
  dimension: Dimension;
  value: string;
}

/** Deals that entered the from-stage in one week, and how many of them reached the next stage within T days. */
export interface WeeklyCohort {
  /** ISO date of the Monday starting the week (other days are floored to their Monday). */
  weekStart: string;
  entered: number;
  converted: number;
}

/** The cohort series of one key: a stage transition, for all deals (segment null) or one segment. */
export interface CohortSeries {
  from: string;
  to: string;
  segment: Segment | null;
  /** Maturity window T in days: a deal converts when it reaches `to` within T days of entering `from`. */
  maturityDays: number;
  /** Weekly cohorts; missing weeks count as weeks without deals. Immature weeks are ignored by the scan. */
  cohorts: readonly WeeklyCohort[];
  /** Open pipeline value currently in `from` for this key (same currency as ScanInput.currency); optional. */
  openValue?: number;
}

/** `${from}->${to}|all` or `${from}->${to}|${dimension}=${value}`. */
export function alertKey(from: string, to: string, segment: Segment | null): string {
  return `${from}->${to}|${segment === null ? 'all' : `${segment.dimension}=${segment.value}`}`;
}

/**
 * Maturity window per stage: the `params.maturity.quantile` (default p75) of the
 * time-in-stage samples (days), rounded up to whole days and clamped to
 * [minDays, maxDays]; stages with fewer than minSamples samples get fallbackDays.
 * The storage layer should pass the durations of finished stays (deals that left the stage).
 */
export function maturityWindows(
  daysInStage: Readonly<Record<string, readonly number[]>>,
  params: Pick<AlertParams, 'maturity'> = DEFAULT_ALERT_PARAMS,
): Record<string, number> {
  const m = params.maturity;
  const out: Record<string, number> = {};
  for (const [stage, raw] of Object.entries(daysInStage)) {
    const samples = raw.filter((d) => Number.isFinite(d) && d >= 0);
    if (samples.length < m.minSamples) {
      out[stage] = m.fallbackDays;
      continue;
    }
    const q = Math.ceil(quantile(samples, m.quantile) - 1e-9);
    out[stage] = Math.min(m.maxDays, Math.max(m.minDays, q));
  }
  return out;
}

/** One stay of a deal in a stage, as the storage layer supplies it. */
export interface StageStay {
  /** Stage entered. */
  from: string;
  /** The next stage in funnel order (the transition judged). */
  to: string;
  /** When the deal entered `from` (epoch ms). */
  enteredAt: number;
  /** When the deal moved on to `to` (or beyond it, skipping it); null if it has not (yet), or left to lost. */
  reachedAt: number | null;
  /** Segment values at entry; null or missing values put the stay in no segment of that dimension. */
  segments?: Partial<Record<Dimension, string | null>>;
}

export interface BuildCohortsOptions {
  /** Scan date (ISO); only weeks matured by then are returned. */
  asOf: string;
  /** Maturity window per from-stage in days (see maturityWindows); stages missing use `fallbackDays`. */
  maturityDays: Readonly<Record<string, number>>;
  fallbackDays?: number;
  /** How many matured weeks to return, counting back from the latest (default historyWeeks() of the
   * default parameters, 32); pass historyWeeks(params) for a workspace's parameters. */
  weeks?: number;
  /** Workspace clock offset from UTC, for week boundaries (default 0). */
  utcOffsetMinutes?: number;
  /** Open pipeline value per from-stage, attached to the all-deals series. */
  openValue?: Readonly<Record<string, number>>;
}

/**
 * Matured weekly cohorts for every transition, all deals and every segment value seen.
 * A week starting on Monday W is matured at asOf when W + 7 + T ≤ asOf, i.e. its last
 * entrant has had its full T days; only matured weeks are emitted (consecutive, zeros included).
 * A stay converts when it reached `to` at most T days after entering `from`.
 */
export function buildCohorts(stays: readonly StageStay[], options: BuildCohortsOptions): CohortSeries[] {
  const asOfDay = parseDay(options.asOf);
  const weeks = options.weeks ?? historyWeeks();
  const offset = options.utcOffsetMinutes ?? 0;
  const fallback = options.fallbackDays ?? DEFAULT_ALERT_PARAMS.maturity.fallbackDays;
  if (!(Number.isInteger(weeks) && weeks >= 1)) throw new RangeError(`weeks must be a positive integer, got ${weeks}`);

  interface Acc {
    from: string;
    to: string;
    segment: Segment | null;
    entered: Map<number, number>;
    converted: Map<number, number>;
  }
  const series = new Map<string, Acc>();
  const windowOf = (from: string) => {
    const t = options.maturityDays[from] ?? fallback;
    const last = mondayOf(asOfDay - 7 - t);
    return { t, last, first: last - 7 * (weeks - 1) };
  };
  const windows = new Map<string, ReturnType<typeof windowOf>>();

  const add = (from: string, to: string, segment: Segment | null, week: number, converted: boolean) => {
    const key = alertKey(from, to, segment);
    let acc = series.get(key);
    if (!acc) {
      acc = { from, to, segment, entered: new Map(), converted: new Map() };
      series.set(key, acc);
    }
    acc.entered.set(week, (acc.entered.get(week) ?? 0) + 1);
    if (converted) acc.converted.set(week, (acc.converted.get(week) ?? 0) + 1);
  };

  for (const s of stays) {
    let w = windows.get(s.from);
    if (!w) {
      w = windowOf(s.from);
      windows.set(s.from, w);
    }
    const week = mondayOf(dayOfInstant(s.enteredAt, offset));
    if (week < w.first || week > w.last) continue;
    const converted = s.reachedAt !== null && s.reachedAt >= s.enteredAt && s.reachedAt - s.enteredAt <= w.t * 86_400_000;
    add(s.from, s.to, null, week, converted);
    for (const dimension of DIMENSIONS) {
      const value = s.segments?.[dimension];
      if (value !== undefined && value !== null && value !== '') add(s.from, s.to, { dimension, value }, week, converted);
    }
  }

  const out: CohortSeries[] = [];
  for (const [, acc] of [...series.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const w = windows.get(acc.from)!;
    const cohorts: WeeklyCohort[] = [];
    for (let day = w.first; day <= w.last; day += 7) {
      cohorts.push({ weekStart: formatDay(day), entered: acc.entered.get(day) ?? 0, converted: acc.converted.get(day) ?? 0 });
    }
    const value = acc.segment === null ? options.openValue?.[acc.from] : undefined;
    out.push({
      from: acc.from,
      to: acc.to,
      segment: acc.segment,
      maturityDays: w.t,
      cohorts,
      ...(value !== undefined ? { openValue: value } : {}),
    });
  }
  return out;
}
