import { assertCount, clamp01 } from './internal.js';
import { hypergeometricLogPmf } from './special.js';

export type FisherAlternative = 'less' | 'greater';

/**
 * Conditional distribution of the top-left cell `a` of [[a, b], [c, d]]
 * given all margins: X ~ Hypergeometric(row1 = a + b successes-in-urn,
 * row2 = c + d, draws = col1 = a + c).
 */
interface Table {
  readonly a: number;
  readonly row1: number;
  readonly row2: number;
  readonly col1: number;
  readonly lo: number; // support is lo..hi
  readonly hi: number;
  readonly mode: number;
}

function makeTable(a: number, b: number, c: number, d: number): Table {
  assertCount('a', a);
  assertCount('b', b);
  assertCount('c', c);
  assertCount('d', d);
  const row1 = a + b;
  const row2 = c + d;
  const col1 = a + c;
  const total = row1 + row2;
  const lo = Math.max(0, col1 - row2);
  const hi = Math.min(row1, col1);
  const mode = Math.min(hi, Math.max(lo, Math.floor(((row1 + 1) * (col1 + 1)) / (total + 2))));
  return { a, row1, row2, col1, lo, hi, mode };
}

function logPmf(t: Table, x: number): number {
  return hypergeometricLogPmf(x, t.row1, t.row2, t.col1);
}

/**
 * P(X <= start) for dir = -1, P(X >= start) for dir = +1.
 * Precondition: `start` lies on the tail side of the mode, so the pmf is
 * non-increasing while walking away from it. Terms are then accumulated
 * relative to P(start) (all <= 1, so no overflow) via the exact ratio
 * P(x±1)/P(x), and only P(start) itself needs a (log-space) pmf evaluation.
 */
function tail(t: Table, start: number, dir: 1 | -1): number {
  if (start < t.lo || start > t.hi) return 0;
  let term = 1;
  let sum = 1;
  for (let x = start; x + dir >= t.lo && x + dir <= t.hi; x += dir) {
    const ratio =
      dir === 1
        ? ((t.row1 - x) * (t.col1 - x)) / ((x + 1) * (t.row2 - t.col1 + x + 1))
        : (x * (t.row2 - t.col1 + x)) / ((t.row1 - x + 1) * (t.col1 - x + 1));
    term *= ratio;
    sum += term;
    // The hypergeometric pmf is log-concave, so later ratios are <= this one
    // and the rest of the tail is at most term * r / (1 - r) (geometric bound).
    if (ratio < 1 && (term * ratio) / (1 - ratio) <= sum * Number.EPSILON * 0.25) break;
  }
  return Math.exp(logPmf(t, start) + Math.log(sum));
}

/** P(X <= x), summing whichever tail is the short one. */
function cdfLower(t: Table, x: number): number {
  // Beyond the mode the lower tail is the bulk; summing the (decreasing) upper
  // tail and complementing is both faster and keeps the walk monotone.
  return x <= t.mode ? tail(t, x, -1) : 1 - tail(t, x + 1, 1);
}

/** P(X >= x). */
function cdfUpper(t: Table, x: number): number {
  return x >= t.mode ? tail(t, x, 1) : 1 - tail(t, x - 1, -1);
}

/**
 * One-sided Fisher exact test for the 2x2 table [[a, b], [c, d]]
 * (row 1 = group, row 2 = rest; columns = success, failure).
 *
 * - 'less':    H1 = group's odds of success are lower than the rest's; p = P(X <= a).
 * - 'greater': H1 = group's odds of success are higher;                 p = P(X >= a).
 *
 * Matches R's fisher.test(matrix(c(a, c, b, d), 2), alternative = ...)$p.value.
 * Counts must be non-negative integers; works for totals in the millions.
 */
export function fisherOneSided(
  a: number,
  b: number,
  c: number,
  d: number,
  alternative: FisherAlternative,
): number {
  const t = makeTable(a, b, c, d);
  if (alternative === 'less') return clamp01(cdfLower(t, a));
  if (alternative === 'greater') return clamp01(cdfUpper(t, a));
  throw new RangeError(`alternative must be 'less' or 'greater', got ${String(alternative)}`);
}

// R's fisher.test treats tables whose probability is within this relative
// tolerance of P(observed) as "equally extreme" (guards against rounding ties).
const TWO_SIDED_REL_TOL = 1e-7;

/**
 * Two-sided Fisher exact test, R's definition: the sum of P(X = x) over all x
 * with P(X = x) <= P(X = a) * (1 + 1e-7).
 */
export function fisherTwoSided(a: number, b: number, c: number, d: number): number {
  const t = makeTable(a, b, c, d);
  const threshold = logPmf(t, a) + Math.log1p(TWO_SIDED_REL_TOL);
  // The pmf is non-decreasing on [lo, mode] and non-increasing on [mode, hi],
  // so the qualifying x form a prefix [lo, L] and a suffix [U, hi]: binary search both.
  let left = t.lo; // find largest L in [lo, mode] with logPmf <= threshold
  let right = t.mode;
  let L = t.lo - 1;
  while (left <= right) {
    const mid = Math.floor((left + right) / 2);
    if (logPmf(t, mid) <= threshold) {
      L = mid;
      left = mid + 1;
    } else {
      right = mid - 1;
    }
  }
  left = t.mode + 1; // find smallest U in [mode + 1, hi] with logPmf <= threshold
  right = t.hi;
  let U = t.hi + 1;
  while (left <= right) {
    const mid = Math.floor((left + right) / 2);
    if (logPmf(t, mid) <= threshold) {
      U = mid;
      right = mid - 1;
    } else {
      left = mid + 1;
    }
  }
  const lower = L >= t.lo ? tail(t, L, -1) : 0;
  const upper = U <= t.hi ? tail(t, U, 1) : 0;
  return clamp01(lower + upper);
}
