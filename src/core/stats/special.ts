import { assertCount } from './internal.js';

const LN_SQRT_2PI = 0.918938533204672741780329736406; // ln(sqrt(2*pi))
const LN_2PI = 1.837877066409345483560659472811; // ln(2*pi)

// n! for n <= 15 is an integer below 2^53, so it is exact in a double.
const SMALL_FACTORIALS: readonly number[] = (() => {
  const table = [1];
  for (let i = 1; i <= 15; i++) table.push(table[i - 1]! * i);
  return table;
})();

/**
 * Stirling-formula error for integer n >= 0:
 *   stirlerr(n) = ln(n!) - [(n + 1/2) ln(n) - n + ln(sqrt(2*pi))].
 * Loader (2000), "Fast and accurate computation of binomial probabilities".
 * stirlerr(0) = 0 by convention (never used where it would matter).
 */
function stirlerr(n: number): number {
  if (n === 0) return 0;
  if (n <= 15) {
    return Math.log(SMALL_FACTORIALS[n]!) - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
  }
  // Asymptotic series 1/(12n) - 1/(360n^3) + ...; the number of terms kept is
  // enough for full double precision in each range (same cut-offs as R's nmath).
  const S0 = 1 / 12;
  const S1 = 1 / 360;
  const S2 = 1 / 1260;
  const S3 = 1 / 1680;
  const S4 = 1 / 1188;
  const nn = n * n;
  if (n > 500) return (S0 - S1 / nn) / n;
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/**
 * Deviance term bd0(x, np) = x ln(x/np) + np - x, evaluated without the
 * catastrophic cancellation of the naive formula when x is close to np.
 */
function bd0(x: number, np: number): number {
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    // Series in v = (x - np)/(x + np): bd0 = (x - np) v + 2x sum_j v^(2j+1)/(2j+1).
    let v = (x - np) / (x + np);
    let s = (x - np) * v;
    if (Math.abs(s) < Number.MIN_VALUE) return s;
    let ej = 2 * x * v;
    v = v * v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
  }
  return x * Math.log(x / np) + np - x;
}

/** ln of the Binomial(n, p) probability of x, with q = 1 - p passed separately for accuracy. */
function logDbinomRaw(x: number, n: number, p: number, q: number): number {
  if (p === 0) return x === 0 ? 0 : -Infinity;
  if (q === 0) return x === n ? 0 : -Infinity;
  if (x === 0) {
    if (n === 0) return 0;
    return p < 0.1 ? -bd0(n, n * q) - n * p : n * Math.log(q);
  }
  if (x === n) {
    return q < 0.1 ? -bd0(n, n * p) - n * q : n * Math.log(p);
  }
  if (x < 0 || x > n) return -Infinity;
  const lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
  const lf = LN_2PI + Math.log(x) + Math.log1p(-x / n);
  return lc - 0.5 * lf;
}

/**
 * ln(n!) for a non-negative integer n. Exact table for n <= 15, Stirling series
 * with the stirlerr correction above that; accurate to a few ulps for any n
 * (ln(1e6!) ~ 1.28e7 is returned without overflow).
 */
export function lnFactorial(n: number): number {
  assertCount('n', n);
  if (n <= 15) return Math.log(SMALL_FACTORIALS[n]!);
  return (n + 0.5) * Math.log(n) - n + LN_SQRT_2PI + stirlerr(n);
}

/**
 * ln P(X = x) for X ~ Hypergeometric: `draws` items drawn without replacement
 * from `successStates` successes and `failureStates` failures
 * (R: dhyper(x, successStates, failureStates, draws, log = TRUE)).
 * Returns -Infinity outside the support.
 *
 * Why not lnFactorial sums: ln C(N, k) built from three ~1e7-sized
 * log-factorials loses ~9 digits at N = 1e6. Loader's saddle-point form works
 * with the small stirlerr/bd0 corrections instead and keeps ~full relative
 * precision of the probability.
 */
export function hypergeometricLogPmf(
  x: number,
  successStates: number,
  failureStates: number,
  draws: number,
): number {
  assertCount('x', x);
  assertCount('successStates', successStates);
  assertCount('failureStates', failureStates);
  assertCount('draws', draws);
  const total = successStates + failureStates;
  if (draws > total) throw new RangeError(`draws (${draws}) exceeds population (${total})`);
  if (x > successStates || x > draws || draws - x > failureStates) return -Infinity;
  if (draws === 0) return 0; // x must be 0 here
  const p = draws / total;
  const q = (total - draws) / total;
  return (
    logDbinomRaw(x, successStates, p, q) +
    logDbinomRaw(draws - x, failureStates, p, q) -
    logDbinomRaw(draws, total, p, q)
  );
}
