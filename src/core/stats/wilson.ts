import { assertNonNegative, clamp01 } from './internal.js';

export interface WilsonInterval {
  low: number;
  high: number;
  /** Point estimate successes / n (NaN when n = 0). */
  p: number;
}

/** z for a two-sided 95% interval: qnorm(0.975). */
export const Z_95 = 1.959963984540054;

/**
 * Wilson score interval for a binomial proportion.
 *
 * Convention: n = 0 carries no information, so the interval is the whole
 * [0, 1] and p is NaN. Fractional counts are accepted (e.g. weighted data).
 * z = 0 collapses the interval to the point estimate.
 */
export function wilson(successes: number, n: number, z: number = Z_95): WilsonInterval {
  assertNonNegative('n', n);
  assertNonNegative('successes', successes);
  assertNonNegative('z', z);
  if (successes > n) throw new RangeError(`successes (${successes}) exceeds n (${n})`);
  if (n === 0) return { low: 0, high: 1, p: Number.NaN };

  const p = successes / n;
  const z2 = z * z;
  // Bounds are (A -/+ B) / (2(n + z^2)) with A = 2s + z^2, B = z sqrt(z^2 + 4 s f / n).
  const A = 2 * successes + z2;
  const B = z * Math.sqrt(z2 + 4 * successes * ((n - successes) / n)); // s*(f/n): no overflow for huge n
  const high = successes === n ? 1 : (A + B) / (2 * (n + z2));
  // A - B cancels catastrophically when s << n; using (A - B)(A + B) = 4 s^2 (1 + z^2/n)
  // gives the algebraically equal, cancellation-free low = 2 s^2 / (n (A + B)).
  const low = successes === 0 ? 0 : (2 * successes * (successes / n)) / (A + B);
  return { low: clamp01(Math.min(low, p)), high: clamp01(Math.max(high, p)), p };
}
