/**
 * Benjamini–Hochberg adjusted p-values (q-values), same order as the input.
 * q_(i) = min_{k >= i} min(1, m * p_(k) / k) over the ascending order p_(1) <= ... <= p_(m),
 * which makes q monotone in p and equals R's p.adjust(p, "BH").
 *
 * NaN inputs are passed through as NaN and do not count towards m (like NA in R).
 * Throws on values outside [0, 1].
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const out = new Array<number>(pValues.length).fill(Number.NaN);
  const idx: number[] = [];
  for (let i = 0; i < pValues.length; i++) {
    const p = pValues[i]!;
    if (Number.isNaN(p)) continue;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`p-value at index ${i} is outside [0, 1]: ${p}`);
    idx.push(i);
  }
  const m = idx.length;
  // Sort indices by p descending so a running minimum gives the step-up adjustment.
  idx.sort((i, j) => pValues[j]! - pValues[i]!);
  let running = 1;
  for (let r = 0; r < m; r++) {
    const i = idx[r]!;
    const rank = m - r; // ascending rank of this p-value
    running = Math.min(running, (pValues[i]! * m) / rank);
    out[i] = running;
  }
  return out;
}
