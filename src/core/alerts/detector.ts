// Conversion-drop detector: one pure weekly scan of a workspace's matured cohorts.
//
// Method. For every stage transition, overall and per segment (team, owner, source, industry):
//   * Fisher window: the latest `currentWeeks` matured weekly cohorts against the
//     `baselineWeeks` before them, one-sided Fisher exact test, Benjamini–Hochberg over all
//     tests of the scan. A key signals when q ≤ qThreshold and the relative drop ≥
//     minRelativeDrop (and both windows hold the minimum deals; otherwise it is not judged).
//     It fires after `persistenceScans` consecutive signalling scans, or at once when
//     q ≤ immediateQ.
//   * OR, for the all-deals key of each transition, a Bernoulli CUSUM (p1 = p0 (1 − 0.4)) over
//     the latest 6 matured weeks with p0 from the 26 weeks before them; it fires at once when the
//     statistic reaches h and its run shows the minimum drop with ≥ minCurrent deals. Its
//     threshold is the persistence: evidence accumulates over weeks inside the statistic.
//   Open alerts resolve after resolveScans scans back within resolveWithin of the baseline
//   frozen at firing, are reminded at most every renotifyDays, and expire after expireDays
//   without enough deals to judge.
//
// Why the combination, from the evaluation (scripts/eval-alerts.ts, seeded, 400 stable
// workspaces × 12 months, 5 transitions, 5–50 deals/stage/week, conversion rates 30–70%,
// seasonality, reps with their own rates and turnover; delay = weekly scans after the first
// scan that could see an affected matured cohort, 0 = that scan):
//
//                                         false-alarm   40% drop @ 30 deals/wk
//                                         ws-months     ≤ 2 scans   ≤ 4 scans
//   ours (defaults below)                   3.9%          65.0%       87.2%
//   ours, issue's q 0.10 / immediate 0.01   6.2%          68.1%       87.7%
//   Fisher window alone (no CUSUM)          1.4%          40.2%       51.8%
//   CUSUM reference (8 wk, 12 wk p0)        3.3%*         56.8%       81.6%
//   naive "≥ 20% below previous 4 weeks"   63.2%          (alarms constantly)
//   (* calibrated to 4% on separate seeds; 800 runs for the detection cell)
//   Targets: ≤ 5% false-alarm workspace-months; ≥ 50% within 2 and ≥ 85% within 4 scans: met.
//   Other cells (≤2 / ≤4): 25% drop 6/12% @10, 29/43% @30, 41/59% @50; 40% drop 14/28% @10,
//   88/98% @50; 60% drop 32/54% @10, 95/99% @30, 99/100% @50. A larger run (seed 99, 1200
//   workspaces, 1500 runs) gave 4.1% false alarms and 66.2% / 88.2%.
//
// Chosen defaults and why:
//   * currentWeeks = 2 (of 2–4): with 3 or 4 weeks consecutive windows overlap so much that
//     "2 consecutive scans" hardly filters noise: 6.1% / 7.1% false alarms against 4.2% for
//     2 weeks, for the same detection (86.8% / 86.6% / 86.3% within 4 scans; measured during
//     tuning with q 0.10, immediate q 0.001, h 6.25).
//   * The Fisher window alone detects 40% drops at 30/wk too slowly (52% within 4 scans) —
//     it needs ~2 weeks of fully affected cohorts plus persistence. The CUSUM wins on speed
//     and the Fisher window keeps the per-segment alerts, so both run (OR).
//   * CUSUM p0 over 26 weeks instead of the Fisher baseline's 12: p0's own noise is what
//     costs a CUSUM most of its false alarms; 26 weeks bought ~5 points of detection within
//     4 scans at the same false-alarm rate. Window 6 weeks, design drop 40%, h = 5.75 (ours
//     is sharper than the reference thanks to the run-size and minimum-drop conditions).
//   * qThreshold 0.05 and immediateQ 0.001 instead of the 0.10 and 0.01: with ~100
//     tests per workspace the 0.01 "at once" path alone costs ~2% of workspace-months and the
//     total reached 6.2%; the CUSUM now provides the fast path, so the Fisher paths can be
//     stricter. Both stay per-workspace parameters.
//   * Everything else as in the issue: baseline 12 weeks, min 20/40 deals, min drop 20%,
//     persistence 2, resolve after 2 scans within 10%, re-notify every 14 days.

import { benjaminiHochberg, bernoulliCusum, fisherOneSided, lnFactorial, wilson } from '../stats/index.js';
import { alertKey, type CohortSeries, type Segment } from './cohorts.js';
import { formatDay, mondayOf, parseDay, weekOf } from './dates.js';
import type { AlertParams } from './params.js';

export type Severity = 'info' | 'warning' | 'critical';
/** Why an alert fired: q ≤ immediateQ, the CUSUM crossing, or significance in persistenceScans consecutive scans. */
export type Trigger = 'immediate' | 'cusum' | 'persistent';

export interface ScanInput {
  /** Every (transition, segment) series of one workspace; keys must be unique. */
  series: readonly CohortSeries[];
  /** Currency of the openValue figures, for display. */
  currency?: string;
}

/** Counts of a block of consecutive weekly cohorts, with the 95% Wilson interval of the rate. */
export interface WindowStats {
  firstWeek: string;
  lastWeek: string;
  weeks: number;
  entered: number;
  converted: number;
  /** converted / entered (0 when entered = 0). */
  rate: number;
  wilsonLow: number;
  wilsonHigh: number;
}

export interface CusumEvidence {
  /** max over suffixes (with ≥ minCurrent deals) of the current window of the summed log-likelihood ratios, ≥ 0. */
  statistic: number;
  threshold: number;
  /** The suffix that attains the statistic (the weeks since the drop seems to have started). */
  run: WindowStats | null;
}

/** The judgement of one key in one scan (only keys with enough deals are judged). */
export interface Finding {
  key: string;
  from: string;
  to: string;
  segment: Segment | null;
  maturityDays: number;
  current: WindowStats;
  baseline: WindowStats;
  /** (baseline rate − current rate) / baseline rate; negative for an improvement. */
  relativeDrop: number;
  /** One-sided Fisher exact p (current worse than baseline). */
  pValue: number;
  /** Benjamini–Hochberg q over all findings of this scan. */
  qValue: number;
  /** Only for all-deals keys when the CUSUM is enabled and the baseline rate is in (0, 1). */
  cusum: CusumEvidence | null;
  /** q ≤ qThreshold and relative drop ≥ minRelativeDrop. */
  significant: boolean;
  /** CUSUM statistic ≥ threshold and its run's relative drop ≥ minRelativeDrop. */
  cusumSignal: boolean;
  openValue: number | null;
}

export interface DrillDownEntry {
  segment: Segment;
  entered: number;
  converted: number;
  rate: number;
  /** The segment's baseline rate, shrunk towards the overall baseline with 10 pseudo-deals. */
  baselineRate: number;
  /** Share of the alert's current deals that are in this segment. */
  dealShare: number;
  /** Expected minus actual conversions in the segment. */
  missing: number;
  /** missing / all missing conversions of the transition (may exceed 1 when other segments improved). */
  dropShare: number;
}

export interface DrillDown {
  /** The segment value contributing the most missing conversions (its own drop × its deals). */
  top: DrillDownEntry;
  /** True when the top segment carries at least half of the missing conversions, dropped at least twice as
   * much (relatively) as the rest of the deals, and converting like the rest would hardly give so few
   * conversions (binomial p ≤ 0.05 / number of segment values tried). */
  concentrated: boolean;
  /** Up to three largest contributors, largest first. */
  ranking: DrillDownEntry[];
  totalMissing: number;
}

export interface AlertEvidence {
  /** Fired: the window (or CUSUM run) that triggered. Reminder/resolved/expired: the current window. */
  current: WindowStats;
  /** Fired: this scan's baseline. Later notifications: the baseline frozen when the alert fired. */
  baseline: WindowStats;
  relativeDrop: number;
  /** This scan's Fisher window test (fired notifications only). Its windows are `current` and
   * `baseline` unless the CUSUM fired, whose run and baseline differ from the Fisher window. */
  fisher: FisherEvidence | null;
  cusum: CusumEvidence | null;
  trigger: Trigger | null;
  /** Consecutive weekly scans that showed the drop when it fired (fired notifications; else 0). */
  signalScans: number;
  openValue: number | null;
  /** openValue × (baseline rate − current rate): pipeline value expected not to advance. */
  valueAtRisk: number | null;
  maturityDays: number;
}

export interface FisherEvidence {
  current: WindowStats;
  baseline: WindowStats;
  /** One-sided Fisher exact p. */
  pValue: number;
  /** Benjamini–Hochberg q over the scan's tests. */
  qValue: number;
  /** Number of tests in the BH family of this scan. */
  tests: number;
}

export type NotificationKind = 'fired' | 'reminder' | 'resolved' | 'expired';

export interface AlertNotification {
  kind: NotificationKind;
  key: string;
  from: string;
  to: string;
  segment: Segment | null;
  severity: Severity;
  asOf: string;
  openedAt: string;
  evidence: AlertEvidence;
  /** For all-deals alerts (fired and reminders): which segment explains most of the drop. */
  drillDown: DrillDown | null;
  currency: string | null;
}

/**
 * Persisted between scans, one entry per key that is pending (signalled, not yet fired), open, or
 * recently resolved (kept while the resolved drop's weeks are still inside the CUSUM window, so
 * that the CUSUM — like a classic CUSUM reset after a signal — does not fire again on them).
 */
export interface AlertState {
  key: string;
  from: string;
  to: string;
  segment: Segment | null;
  status: 'pending' | 'open' | 'resolved';
  /** Consecutive scans with a signal (pending). */
  signalStreak: number;
  /** Consecutive scans back within resolveWithin of the frozen baseline (open). */
  recoveryStreak: number;
  /** Latest matured week judged by the last scan that advanced the counters. Re-running a scan
   * on the same matured week does not count as another consecutive scan. */
  lastJudgedWeek: string;
  /** asOf of the last scan in which the key had enough deals to be judged. */
  lastEvaluatedAt: string;
  openedAt: string | null;
  lastNotifiedAt: string | null;
  /** The baseline when the alert fired; recovery is measured against it. */
  baseline: WindowStats | null;
  severity: Severity | null;
  trigger: Trigger | null;
  /** CUSUM runs must start after this week (set when an alert resolves); null = no restriction. */
  cusumAfterWeek: string | null;
}

export interface ScanResult {
  findings: Finding[];
  state: AlertState[];
  notifications: AlertNotification[];
}

const SHRINK_PSEUDO_DEALS = 10;
/** Family-wise level of the concentration check, Bonferroni-split over the segment values tried. */
const CONCENTRATION_ALPHA = 0.05;

/** P(X ≤ k) for X ~ Binomial(n, p), summed in log space (n is a segment's deals in a few weeks). */
function binomialLowerTail(k: number, n: number, p: number): number {
  if (p <= 0) return 1;
  if (p >= 1) return k >= n ? 1 : 0;
  const lnP = Math.log(p);
  const lnQ = Math.log1p(-p);
  const lnN = lnFactorial(n);
  let total = 0;
  for (let x = 0; x <= k; x++) total += Math.exp(lnN - lnFactorial(x) - lnFactorial(n - x) + x * lnP + (n - x) * lnQ);
  return Math.min(1, total);
}

function stats(firstDay: number, lastDay: number, entered: number, converted: number): WindowStats {
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

function relDrop(baselineRate: number, rate: number): number {
  return baselineRate > 0 ? (baselineRate - rate) / baselineRate : 0;
}

/** Weeks are indexed 0..L-1 (oldest first) up to the latest matured week of a series. */
interface Range {
  first: number;
  last: number;
}

/** A series' matured weekly counts as of one scan, over the weeks any window can use. */
interface Prepared {
  series: CohortSeries;
  key: string;
  transition: string;
  /** Day number of the latest matured week (index L − 1). */
  lastDay: number;
  entered: number[];
  converted: number[];
}

interface Layout {
  length: number;
  /** Fisher: the latest currentWeeks weeks, and the baselineWeeks before them. */
  current: Range;
  baseline: Range;
  /** CUSUM: the latest cusum.weeks weeks, and the cusum.baselineWeeks before them. */
  cusum: Range;
  cusumBaseline: Range;
}

function layout(params: AlertParams): Layout {
  const K = params.currentWeeks;
  const C = params.cusum.enabled ? params.cusum.weeks : K;
  const B = params.baselineWeeks;
  const BC = params.cusum.enabled ? params.cusum.baselineWeeks : B;
  const length = Math.max(K + B, C + BC);
  const L = length;
  return {
    length,
    current: { first: L - K, last: L - 1 },
    baseline: { first: L - K - B, last: L - K - 1 },
    cusum: { first: L - C, last: L - 1 },
    cusumBaseline: { first: L - C - BC, last: L - C - 1 },
  };
}

function prepare(series: CohortSeries, asOfDay: number, lay: Layout): Prepared {
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

function sum(p: Prepared, r: Range): { n: number; c: number } {
  let n = 0;
  let c = 0;
  for (let i = r.first; i <= r.last; i++) {
    n += p.entered[i]!;
    c += p.converted[i]!;
  }
  return { n, c };
}

function statsOf(p: Prepared, r: Range): WindowStats {
  const { n, c } = sum(p, r);
  const dayOf = (i: number) => p.lastDay - 7 * (p.entered.length - 1 - i);
  return stats(dayOf(r.first), dayOf(r.last), n, c);
}

interface Judged {
  prepared: Prepared;
  finding: Finding;
  /** The weeks and baseline that triggered: the CUSUM run when it signalled, else the Fisher window. */
  evidenceRange: Range;
  evidenceBaseline: Range;
}

/**
 * Bernoulli CUSUM over the weekly cohorts of the CUSUM window, p0 = the rate of the baseline
 * weeks before that window, p1 = p0 (1 − designDrop). Recomputed from the data at every scan
 * (no hidden state): the statistic is the largest log-likelihood-ratio sum over the window's
 * suffixes that hold at least minCurrent deals — the classic recursion S = max(0, S + increment)
 * restricted to the window and to runs with enough deals.
 */
function cusumOf(
  p: Prepared,
  lay: Layout,
  params: AlertParams,
  afterDay: number | null,
): { evidence: CusumEvidence; run: Range | null; baselineRate: number } | null {
  if (!params.cusum.enabled) return null;
  const base = sum(p, lay.cusumBaseline);
  if (base.n < params.minBaseline) return null;
  const p0 = base.c / base.n;
  if (!(p0 > 0 && p0 < 1)) return null;
  const obs = [];
  for (let i = lay.cusum.first; i <= lay.cusum.last; i++) obs.push({ n: p.entered[i]!, successes: p.converted[i]! });
  const { increments } = bernoulliCusum({ p0, p1: p0 * (1 - params.cusum.designDrop), h: params.cusum.threshold }, obs);
  let best = 0;
  let runFirst = -1;
  let total = 0;
  let n = 0;
  const dayOf = (i: number) => p.lastDay - 7 * (p.entered.length - 1 - i);
  for (let j = increments.length - 1; j >= 0; j--) {
    if (afterDay !== null && dayOf(lay.cusum.first + j) <= afterDay) break;
    total += increments[j]!;
    n += obs[j]!.n;
    if (n >= params.minCurrent && total > best) {
      best = total;
      runFirst = lay.cusum.first + j;
    }
  }
  const run = runFirst >= 0 ? { first: runFirst, last: lay.cusum.last } : null;
  return {
    evidence: { statistic: best, threshold: params.cusum.threshold, run: run ? statsOf(p, run) : null },
    run,
    baselineRate: p0,
  };
}

function judge(prepared: readonly Prepared[], lay: Layout, params: AlertParams, cusumAfter: ReadonlyMap<string, number>): Judged[] {
  const eligible: { p: Prepared; cur: { n: number; c: number }; base: { n: number; c: number } }[] = [];
  for (const p of prepared) {
    const cur = sum(p, lay.current);
    const base = sum(p, lay.baseline);
    if (cur.n >= params.minCurrent && base.n >= params.minBaseline) eligible.push({ p, cur, base });
  }
  const pValues = eligible.map(({ cur, base }) => fisherOneSided(cur.c, cur.n - cur.c, base.c, base.n - base.c, 'less'));
  const qValues = benjaminiHochberg(pValues);
  return eligible.map(({ p }, i) => {
    const current = statsOf(p, lay.current);
    const baseline = statsOf(p, lay.baseline);
    const relativeDrop = relDrop(baseline.rate, current.rate);
    const qValue = qValues[i]!;
    const cusum = p.series.segment === null ? cusumOf(p, lay, params, cusumAfter.get(p.key) ?? null) : null;
    const cusumSignal =
      cusum !== null &&
      cusum.run !== null &&
      cusum.evidence.statistic >= params.cusum.threshold &&
      relDrop(cusum.baselineRate, cusum.evidence.run!.rate) >= params.minRelativeDrop;
    const openValue = p.series.openValue;
    return {
      prepared: p,
      evidenceRange: cusumSignal ? cusum.run! : lay.current,
      evidenceBaseline: cusumSignal ? lay.cusumBaseline : lay.baseline,
      finding: {
        key: p.key,
        from: p.series.from,
        to: p.series.to,
        segment: p.series.segment,
        maturityDays: p.series.maturityDays,
        current,
        baseline,
        relativeDrop,
        pValue: pValues[i]!,
        qValue,
        cusum: cusum?.evidence ?? null,
        significant: qValue <= params.qThreshold && relativeDrop >= params.minRelativeDrop,
        cusumSignal,
        openValue: openValue !== undefined && Number.isFinite(openValue) ? openValue : null,
      },
    };
  });
}

function severityOf(relativeDrop: number, valueAtRisk: number | null, params: AlertParams): Severity {
  const s = params.severity;
  const rank = (x: number, warning: number, critical: number) => (x >= critical ? 2 : x >= warning ? 1 : 0);
  const byDrop = rank(relativeDrop, s.warningDrop, s.criticalDrop);
  const byValue = valueAtRisk === null ? 0 : rank(valueAtRisk, s.warningValue, s.criticalValue);
  return (['info', 'warning', 'critical'] as const)[Math.max(byDrop, byValue)]!;
}

/**
 * Which segment of the transition explains most of an all-deals drop. For every segment
 * value: expected conversions = its current deals × its baseline rate (shrunk towards the
 * overall baseline); missing = expected − actual. The value with the most missing conversions
 * (≈ its own drop × its share of deals) is the top contributor.
 */
function drillDown(all: Prepared, segments: readonly Prepared[], current: Range, baseline: Range): DrillDown | null {
  const overall = sum(all, current);
  const overallBase = sum(all, baseline);
  const baseRate = overallBase.n > 0 ? overallBase.c / overallBase.n : 0;
  const N = overall.n;
  const totalMissing = N * baseRate - overall.c;
  if (N === 0 || !(totalMissing > 0)) return null;
  const entries: DrillDownEntry[] = [];
  for (const s of segments) {
    const cur = sum(s, current);
    if (cur.n === 0) continue;
    const base = sum(s, baseline);
    const baselineRate = (base.c + SHRINK_PSEUDO_DEALS * baseRate) / (base.n + SHRINK_PSEUDO_DEALS);
    const missing = cur.n * baselineRate - cur.c;
    entries.push({
      segment: s.series.segment!,
      entered: cur.n,
      converted: cur.c,
      rate: cur.c / cur.n,
      baselineRate,
      dealShare: cur.n / N,
      missing,
      dropShare: missing / totalMissing,
    });
  }
  const name = (e: DrillDownEntry) => `${e.segment.dimension}=${e.segment.value}`;
  entries.sort((a, b) => b.missing - a.missing || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
  const top = entries[0];
  if (!top || !(top.missing > 0)) return null;
  // The rest of the transition's deals (outside the top segment), against their expectation.
  const restN = N - top.entered;
  const restExpected = N * baseRate - top.entered * top.baselineRate;
  const restDrop = restN > 0 && restExpected > 0 ? 1 - (overall.c - top.converted) / restExpected : 0;
  const topDrop = top.baselineRate > 0 ? 1 - top.rate / top.baselineRate : 0;
  // Could the top segment have converted like the rest (same relative drop) and still look this bad?
  const likeRest = Math.min(1, Math.max(0, top.baselineRate * (1 - Math.max(0, restDrop))));
  const concentrated =
    top.dropShare >= 0.5 &&
    topDrop > 0 &&
    topDrop >= 2 * Math.max(0, restDrop) &&
    binomialLowerTail(top.converted, top.entered, likeRest) <= CONCENTRATION_ALPHA / entries.length;

  return { top, concentrated, ranking: entries.slice(0, 3), totalMissing };
}

function byKey<T extends { key: string }>(a: T, b: T): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

const KIND_ORDER: Record<NotificationKind, number> = { fired: 0, reminder: 1, resolved: 2, expired: 3 };
const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/**
 * One weekly scan of a workspace. Pure: given every cohort series, the state stored by the
 * previous scan, the parameters and the scan date, returns this scan's findings, the state to
 * store and the notifications to post (new alerts, reminders, resolutions, expiries).
 */
export function scan(input: ScanInput, previous: readonly AlertState[], params: AlertParams, asOf: string): ScanResult {
  const asOfDay = parseDay(asOf);
  const asOfIso = formatDay(asOfDay);
  const lay = layout(params);
  const prepared: Prepared[] = [];
  const preparedByKey = new Map<string, Prepared>();
  for (const s of input.series) {
    const p = prepare(s, asOfDay, lay);
    if (preparedByKey.has(p.key)) throw new RangeError(`duplicate series for key ${p.key}`);
    preparedByKey.set(p.key, p);
    prepared.push(p);
  }
  const segmentsByTransition = new Map<string, Prepared[]>();
  for (const p of prepared) {
    if (p.series.segment === null) continue;
    const list = segmentsByTransition.get(p.transition) ?? [];
    list.push(p);
    segmentsByTransition.set(p.transition, list);
  }

  const previousByKey = new Map(previous.map((s) => [s.key, s]));
  const cusumAfter = new Map<string, number>();
  for (const s of previous) if (s.cusumAfterWeek !== null && s.cusumAfterWeek !== undefined) cusumAfter.set(s.key, parseDay(s.cusumAfterWeek));
  const judged = judge(prepared, lay, params, cusumAfter);
  const judgedByKey = new Map(judged.map((j) => [j.finding.key, j]));
  const currency = input.currency ?? null;

  const state: AlertState[] = [];
  const notifications: AlertNotification[] = [];
  const drill = (j: Judged, current: Range, baseline: Range) =>
    j.finding.segment === null ? drillDown(j.prepared, segmentsByTransition.get(j.prepared.transition) ?? [], current, baseline) : null;

  const keys = [...new Set([...judgedByKey.keys(), ...previousByKey.keys()])].sort();
  for (const key of keys) {
    const prev = previousByKey.get(key);
    const j = judgedByKey.get(key);
    const f = j?.finding;
    const advances = f !== undefined && (prev === undefined || f.current.lastWeek > prev.lastJudgedWeek);

    if (prev?.status === 'open') {
      const frozen = prev.baseline!;
      if (!f) {
        // Not enough deals to judge: keep the alert, close it once that has lasted expireDays.
        if (asOfDay - parseDay(prev.lastEvaluatedAt) >= params.expireDays) {
          const p = preparedByKey.get(key);
          const current = p ? statsOf(p, lay.current) : stats(asOfDay, asOfDay, 0, 0);
          notifications.push({
            kind: 'expired',
            key,
            from: prev.from,
            to: prev.to,
            segment: prev.segment,
            severity: prev.severity ?? 'info',
            asOf: asOfIso,
            openedAt: prev.openedAt ?? asOfIso,
            evidence: {
              current,
              baseline: frozen,
              relativeDrop: relDrop(frozen.rate, current.rate),
              fisher: null,
              cusum: null,
              trigger: prev.trigger,
              signalScans: 0,
              openValue: null,
              valueAtRisk: null,
              maturityDays: p?.series.maturityDays ?? 0,
            },
            drillDown: null,
            currency,
          });
        } else {
          state.push(prev);
        }
        continue;
      }
      const recovered = f.current.rate >= (1 - params.resolveWithin) * frozen.rate;
      const recoveryStreak = recovered ? (advances ? prev.recoveryStreak + 1 : prev.recoveryStreak) : 0;
      const relativeDrop = relDrop(frozen.rate, f.current.rate);
      const valueAtRisk = f.openValue === null ? null : f.openValue * Math.max(0, frozen.rate - f.current.rate);
      const evidence: AlertEvidence = {
        current: f.current,
        baseline: frozen,
        relativeDrop,
        fisher: null,
        cusum: null,
        trigger: prev.trigger,
        signalScans: 0,
        openValue: f.openValue,
        valueAtRisk,
        maturityDays: f.maturityDays,
      };
      const base = { key, from: prev.from, to: prev.to, segment: prev.segment, asOf: asOfIso, openedAt: prev.openedAt ?? asOfIso, currency };
      if (recovered && recoveryStreak >= params.resolveScans) {
        notifications.push({ ...base, kind: 'resolved', severity: prev.severity ?? 'info', evidence, drillDown: null });
        state.push({
          key,
          from: prev.from,
          to: prev.to,
          segment: prev.segment,
          status: 'resolved',
          signalStreak: 0,
          recoveryStreak: 0,
          lastJudgedWeek: f.current.lastWeek,
          lastEvaluatedAt: asOfIso,
          openedAt: null,
          lastNotifiedAt: null,
          baseline: null,
          severity: null,
          trigger: null,
          cusumAfterWeek: f.current.lastWeek,
        });
        continue;
      }
      const next: AlertState = {
        ...prev,
        recoveryStreak,
        lastEvaluatedAt: asOfIso,
        lastJudgedWeek: advances ? f.current.lastWeek : prev.lastJudgedWeek,
      };
      const lastNotified = prev.lastNotifiedAt ?? prev.openedAt ?? asOfIso;
      if (!recovered && asOfDay - parseDay(lastNotified) >= params.renotifyDays) {
        const severity = severityOf(relativeDrop, valueAtRisk, params);
        notifications.push({ ...base, kind: 'reminder', severity, evidence, drillDown: drill(j!, lay.current, lay.baseline) });
        next.lastNotifiedAt = asOfIso;
        next.severity = severity;
      }
      state.push(next);
      continue;
    }

    // No open alert: pending, recently resolved, or nothing.
    const p = preparedByKey.get(key);
    const after = cusumAfter.get(key);
    // A resolution's CUSUM restriction matters while its week is inside the CUSUM window.
    const cusumAfterWeek =
      after !== undefined && p && params.cusum.enabled && after >= p.lastDay - 7 * (p.entered.length - 1 - lay.cusum.first) ? formatDay(after) : null;
    const quiet = (): void => {
      if (cusumAfterWeek === null) return;
      state.push({
        key,
        from: prev!.from,
        to: prev!.to,
        segment: prev!.segment,
        status: 'resolved',
        signalStreak: 0,
        recoveryStreak: 0,
        lastJudgedWeek: f?.current.lastWeek ?? prev!.lastJudgedWeek,
        lastEvaluatedAt: f ? asOfIso : prev!.lastEvaluatedAt,
        openedAt: null,
        lastNotifiedAt: null,
        baseline: null,
        severity: null,
        trigger: null,
        cusumAfterWeek,
      });
    };
    if (!f) {
      quiet(); // not judged this scan: a pending streak is broken
      continue;
    }
    if (!advances && prev) {
      state.push({ ...prev, lastEvaluatedAt: asOfIso }); // same matured week judged again: nothing new
      continue;
    }
    const immediateFisher = f.qValue <= params.immediateQ && f.relativeDrop >= params.minRelativeDrop;
    if (!f.significant && !f.cusumSignal) {
      quiet();
      continue;
    }
    const signalStreak = (prev?.status === 'pending' ? prev.signalStreak : 0) + 1;
    const trigger: Trigger | null = immediateFisher
      ? 'immediate'
      : f.cusumSignal
        ? 'cusum'
        : signalStreak >= params.persistenceScans
          ? 'persistent'
          : null;
    const common = {
      key,
      from: f.from,
      to: f.to,
      segment: f.segment,
      lastJudgedWeek: f.current.lastWeek,
      lastEvaluatedAt: asOfIso,
      cusumAfterWeek,
    };
    if (trigger === null) {
      state.push({
        ...common,
        status: 'pending',
        signalStreak,
        recoveryStreak: 0,
        openedAt: null,
        lastNotifiedAt: null,
        baseline: null,
        severity: null,
        trigger: null,
      });
      continue;
    }
    // Fire. A CUSUM-triggered alert shows the run of weeks that crossed the threshold.
    const range = trigger === 'cusum' ? j!.evidenceRange : lay.current;
    const baseRange = trigger === 'cusum' ? j!.evidenceBaseline : lay.baseline;
    const current = statsOf(j!.prepared, range);
    const baseline = statsOf(j!.prepared, baseRange);
    const relativeDrop = relDrop(baseline.rate, current.rate);
    const valueAtRisk = f.openValue === null ? null : f.openValue * Math.max(0, baseline.rate - current.rate);
    const severity = severityOf(relativeDrop, valueAtRisk, params);
    notifications.push({
      kind: 'fired',
      key,
      from: f.from,
      to: f.to,
      segment: f.segment,
      severity,
      asOf: asOfIso,
      openedAt: asOfIso,
      evidence: {
        current,
        baseline,
        relativeDrop,
        fisher: { current: f.current, baseline: f.baseline, pValue: f.pValue, qValue: f.qValue, tests: judged.length },
        cusum: f.cusum,
        trigger,
        signalScans: signalStreak,
        openValue: f.openValue,
        valueAtRisk,
        maturityDays: f.maturityDays,
      },
      drillDown: drill(j!, range, baseRange),
      currency,
    });
    state.push({
      ...common,
      status: 'open',
      signalStreak,
      recoveryStreak: 0,
      openedAt: asOfIso,
      lastNotifiedAt: asOfIso,
      baseline,
      severity,
      trigger,
    });
  }

  notifications.sort(
    (a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || byKey(a, b),
  );
  return { findings: judged.map((j) => j.finding).sort(byKey), state: state.sort(byKey), notifications };
}
