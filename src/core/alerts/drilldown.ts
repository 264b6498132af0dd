// Drill-down of an all-deals drop: which segment value of the transition carries it.

import { lnFactorial } from '../stats/index.js';
import { sum, type Prepared, type Range } from './series.js';
import type { DrillDown, DrillDownEntry } from './types.js';

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

/**
 * Which segment of the transition explains most of an all-deals drop. For every segment
 * value: expected conversions = its current deals × its baseline rate (shrunk towards the
 * overall baseline); missing = expected − actual. The value with the most missing conversions
 * (≈ its own drop × its share of deals) is the top contributor.
 */
export function drillDown(all: Prepared, segments: readonly Prepared[], current: Range, baseline: Range): DrillDown | null {
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
