/**
 * Sample quantile with linear interpolation between order statistics
 * (Hyndman & Fan type 7, R's default): h = (n - 1) q, result =
 * x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]) on the sorted data.
 *
 * The input need not be sorted and is not modified. Empty input or any NaN
 * element → NaN. Throws if q is outside [0, 1].
 */
export function quantile(sortedOrUnsorted: readonly number[], q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`q must be in [0, 1], got ${q}`);
  const n = sortedOrUnsorted.length;
  if (n === 0) return Number.NaN;
  if (sortedOrUnsorted.some(Number.isNaN)) return Number.NaN;
  const x = isSortedAscending(sortedOrUnsorted)
    ? sortedOrUnsorted
    : [...sortedOrUnsorted].sort((u, v) => u - v);
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const frac = h - lo;
  const xl = x[lo]!;
  if (frac === 0 || lo + 1 >= n) return xl;
  const xh = x[lo + 1]!;
  // Equal neighbours (including equal infinities) need no interpolation; this
  // also avoids Infinity - Infinity = NaN.
  if (xl === xh) return xl;
  const diff = xh - xl;
  // If the difference overflows (e.g. -1e308 and 1e308), fall back to the weighted form.
  const value = Number.isFinite(diff) ? xl + frac * diff : (1 - frac) * xl + frac * xh;
  // Rounding must not push the result outside its bracketing order statistics.
  return Math.min(xh, Math.max(xl, value));
}

function isSortedAscending(x: readonly number[]): boolean {
  for (let i = 1; i < x.length; i++) if (x[i - 1]! > x[i]!) return false;
  return true;
}

/** Median (type 7 quantile at 0.5, i.e. the average of the two middle values for even n). */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/**
 * Arithmetic mean; empty → NaN. Uses Neumaier-compensated summation so that
 * long series of mixed magnitudes do not lose small contributions.
 */
export function mean(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  let sum = 0;
  let compensation = 0;
  for (const v of values) {
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  // With an infinite term the compensation becomes NaN (Inf - Inf); the plain sum is right then.
  return Number.isFinite(sum) ? (sum + compensation) / n : sum / n;
}
