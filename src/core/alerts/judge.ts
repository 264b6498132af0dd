// Judging every series of one scan: its window (widened when thin), the dispersion of its weekly
// rates, the window-vs-baseline test under Benjamini–Hochberg, and, for all-deals series, the CUSUM.

import {
  benjaminiHochberg,
  bernoulliCusum,
  fisherOneSided,
  moderatedDispersion,
  pearsonDispersion,
  pooledExtraVariance,
  studentUpperTail,
  type ModeratedDispersion,
} from '../stats/index.js';
import type { AlertParams } from './params.js';
import { dayOf, relDrop, statsOf, sum, type Layout, type Prepared, type Range } from './series.js';
import type { CusumEvidence, Finding, SeriesWatch } from './types.js';

export interface Judged {
  prepared: Prepared;
  finding: Finding;
  /** The window judged (currentWeeks, or wider when that held too few deals) and its baseline. */
  current: Range;
  baseline: Range;
  /** The weeks and baseline that triggered: the CUSUM run when it signalled, else the window. */
  evidenceRange: Range;
  evidenceBaseline: Range;
}

export interface Judgement {
  /** The series with enough deals to judge. */
  judged: Judged[];
  /** Every series, judged or not, by key. */
  watch: SeriesWatch[];
}

interface Windows {
  current: Range;
  baseline: Range;
}

/** The widest current window of a series: all-deals series widen up to maxCurrentWeeks, segments not. */
function widest(segment: Prepared['series']['segment'], params: AlertParams): number {
  return segment === null ? params.maxCurrentWeeks : params.currentWeeks;
}

/**
 * The narrowest window of currentWeeks..widest latest weeks holding minCurrent deals, with
 * minBaseline deals in the baselineWeeks before it. At 10 deals a week a 2-week window misses its
 * 20 deals about half the time; a wider window judges the transition a week or two later instead of
 * not at all. Segments keep the fixed window: a segment that needs 4–6 weeks to gather 20 deals
 * would alert a month late on overlapping windows (which defeat the persistence rule: measured,
 * they doubled the false alarms at 10 deals a week) and stay open as long, while the transition's
 * alert already names the segment that carries a drop in its drill-down.
 */
function chooseWindows(p: Prepared, lay: Layout, params: AlertParams): Windows | null {
  const L = lay.length;
  for (let k = params.currentWeeks; k <= widest(p.series.segment, params); k++) {
    const current = { first: L - k, last: L - 1 };
    const baseline = { first: L - k - params.baselineWeeks, last: L - k - 1 };
    if (sum(p, current).n >= params.minCurrent && sum(p, baseline).n >= params.minBaseline) return { current, baseline };
  }
  return null;
}

/** Deals a week a series needs to be judged: the widest window's minimum, or the baseline's. */
function neededPerWeek(segment: Prepared['series']['segment'], params: AlertParams): number {
  return Math.ceil(Math.max(params.minCurrent / widest(segment, params), params.minBaseline / params.baselineWeeks));
}

const BINOMIAL: ModeratedDispersion = { phi: 1, df: 0 };

/**
 * Each series' dispersion φ, estimated from its history weeks (before any window, so a drop being
 * judged does not inflate it) and moderated towards its transition's pooled extra variance: the
 * segments of a transition share their weeks' campaigns and lead mix, and the all-deals series
 * measures that shared variation far better than a thin segment can measure its own.
 */
function dispersions(prepared: readonly Prepared[], lay: Layout, params: AlertParams): Map<Prepared, ModeratedDispersion> {
  const out = new Map<Prepared, ModeratedDispersion>();
  if (!params.dispersion.enabled) {
    for (const p of prepared) out.set(p, BINOMIAL);
    return out;
  }
  const { first, last } = lay.history;
  const estimates = new Map(prepared.map((p) => [p, pearsonDispersion(p.entered.slice(first, last + 1), p.converted.slice(first, last + 1))]));
  const byTransition = new Map<string, Prepared[]>();
  for (const p of prepared) {
    const group = byTransition.get(p.transition);
    if (group) group.push(p);
    else byTransition.set(p.transition, [p]);
  }
  for (const group of byTransition.values()) {
    const extra = pooledExtraVariance(group.map((p) => estimates.get(p)!));
    for (const p of group) {
      const own = estimates.get(p)!;
      out.set(p, moderatedDispersion(own, 1 + extra * own.scale, params.dispersion.priorWeeks));
    }
  }
  return out;
}

/**
 * One-sided p of "the window converts worse than its baseline". Binomial data (φ = 1): Fisher's
 * exact test. Overdispersed data: the quasi-binomial comparison — the difference of the two rates
 * over its standard error with the binomial variance multiplied by φ, referred to Student's t on
 * φ's degrees of freedom because φ is itself estimated — and never a smaller p than Fisher's
 * (extra variation can only weaken the evidence; the normal approximation alone would overstate
 * it for small counts).
 */
function windowTest(cur: { n: number; c: number }, base: { n: number; c: number }, dispersion: ModeratedDispersion): { p: number; test: 'fisher' | 'quasi' } {
  const fisher = fisherOneSided(cur.c, cur.n - cur.c, base.c, base.n - base.c, 'less');
  if (dispersion.phi <= 1) return { p: fisher, test: 'fisher' };
  const pooled = (cur.c + base.c) / (cur.n + base.n);
  const variance = dispersion.phi * pooled * (1 - pooled) * (1 / cur.n + 1 / base.n);
  if (!(variance > 0)) return { p: fisher, test: 'fisher' };
  const quasi = studentUpperTail((base.c / base.n - cur.c / cur.n) / Math.sqrt(variance), dispersion.df);
  return quasi > fisher ? { p: quasi, test: 'quasi' } : { p: fisher, test: 'fisher' };
}

/**
 * Bernoulli CUSUM over the weekly cohorts of the CUSUM window, p0 = the rate of the baseline
 * weeks before that window, p1 = p0 (1 − designDrop). Recomputed from the data at every scan
 * (no hidden state): the statistic is the largest log-likelihood-ratio sum over the window's
 * suffixes that hold at least minCurrent deals — the classic recursion S = max(0, S + increment)
 * restricted to the window and to runs with enough deals. Each increment is divided by the
 * series' dispersion φ: the quasi-likelihood ratio, whose sums vary like binomial ones when the
 * weekly rates wander (else a busy, overdispersed transition would cross h on noise alone).
 */
function cusumOf(
  p: Prepared,
  lay: Layout,
  params: AlertParams,
  phi: number,
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
  for (let j = increments.length - 1; j >= 0; j--) {
    if (afterDay !== null && dayOf(p, lay.cusum.first + j) <= afterDay) break;
    total += increments[j]! / phi;
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

function identity(p: Prepared) {
  return { key: p.key, from: p.series.from, to: p.series.to, segment: p.series.segment };
}

export function judge(prepared: readonly Prepared[], lay: Layout, params: AlertParams, cusumAfter: ReadonlyMap<string, number>): Judgement {
  const phis = dispersions(prepared, lay, params);
  const eligible: { p: Prepared; windows: Windows }[] = [];
  const watch: SeriesWatch[] = [];
  for (const p of prepared) {
    const windows = chooseWindows(p, lay, params);
    if (windows) {
      eligible.push({ p, windows });
      watch.push({ ...identity(p), watched: true, window: statsOf(p, windows.current), dispersion: phis.get(p)!.phi });
    } else {
      watch.push({ ...identity(p), watched: false, neededPerWeek: neededPerWeek(p.series.segment, params) });
    }
  }
  const tests = eligible.map(({ p, windows }) => windowTest(sum(p, windows.current), sum(p, windows.baseline), phis.get(p)!));
  const qValues = benjaminiHochberg(tests.map((t) => t.p));
  const judged = eligible.map(({ p, windows }, i): Judged => {
    const current = statsOf(p, windows.current);
    const baseline = statsOf(p, windows.baseline);
    const relativeDrop = relDrop(baseline.rate, current.rate);
    const qValue = qValues[i]!;
    const phi = phis.get(p)!.phi;
    const cusum = p.series.segment === null ? cusumOf(p, lay, params, phi, cusumAfter.get(p.key) ?? null) : null;
    const cusumSignal =
      cusum !== null &&
      cusum.run !== null &&
      cusum.evidence.statistic >= params.cusum.threshold &&
      relDrop(cusum.baselineRate, cusum.evidence.run!.rate) >= params.minRelativeDrop;
    const openValue = p.series.openValue;
    return {
      prepared: p,
      ...windows,
      evidenceRange: cusumSignal ? cusum.run! : windows.current,
      evidenceBaseline: cusumSignal ? lay.cusumBaseline : windows.baseline,
      finding: {
        ...identity(p),
        maturityDays: p.series.maturityDays,
        current,
        baseline,
        relativeDrop,
        pValue: tests[i]!.p,
        qValue,
        dispersion: phi,
        test: tests[i]!.test,
        cusum: cusum?.evidence ?? null,
        significant: qValue <= params.qThreshold && relativeDrop >= params.minRelativeDrop,
        cusumSignal,
        openValue: openValue !== undefined && Number.isFinite(openValue) ? openValue : null,
      },
    };
  });
  return { judged, watch };
}
