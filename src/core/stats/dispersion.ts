// Extra-binomial variation of a series of weekly conversion counts (quasi-binomial dispersion).
//
// Real conversion rates wander from week to week (campaigns, lead mix, holidays, rep changes).
// With a week effect of variance τ² around the rate p, a week of n deals has
// Var(converted) = n p(1−p) + n² τ²: more than binomial, and the more deals, the more so.
// Pearson's X² of the weekly counts around their pooled rate then has expectation
//   E[X²] ≈ df + v (N − Σn²/N),   v = τ² / (p(1−p)),  df = weeks − 1,
// so φ = X²/df estimates 1 + v·m with m = (N − Σn²/N)/df (≈ deals per week), the factor by which
// the variance of any sum of those weeks exceeds the binomial one (McCullagh & Nelder §4.5).
import { assertCount } from './internal.js';

export interface DispersionEstimate {
  /** Pearson X² / df (not floored), 1 when df = 0. */
  phi: number;
  /** Weeks with deals − 1. */
  df: number;
  /** Pearson X² of the weekly counts around the pooled rate. */
  chi2: number;
  /** (N − Σn²/N) / df: how many deals per week the extra variation scales with (0 when df = 0). */
  scale: number;
}

/** Quasi-binomial dispersion of weekly counts (weeks without deals are skipped). */
export function pearsonDispersion(entered: readonly number[], converted: readonly number[]): DispersionEstimate {
  if (entered.length !== converted.length) throw new RangeError('entered and converted must have the same length');
  let n = 0;
  let c = 0;
  let n2 = 0;
  let weeks = 0;
  entered.forEach((e, i) => {
    assertCount(`entered[${i}]`, e);
    assertCount(`converted[${i}]`, converted[i]!);
    if (converted[i]! > e) throw new RangeError(`converted[${i}] exceeds entered[${i}]`);
    if (e === 0) return;
    weeks++;
    n += e;
    c += converted[i]!;
    n2 += e * e;
  });
  const df = weeks - 1;
  const p = n > 0 ? c / n : 0;
  if (df < 1 || p <= 0 || p >= 1) return { phi: 1, df: Math.max(0, df), chi2: 0, scale: 0 };
  let chi2 = 0;
  entered.forEach((e, i) => {
    if (e > 0) chi2 += (converted[i]! - e * p) ** 2 / (e * p * (1 - p));
  });
  return { phi: chi2 / df, df, chi2, scale: (n - n2 / n) / df };
}

/**
 * The extra variance per unit of binomial variance, v, pooled over series that share their week
 * effects (the segments of one stage transition): Σ(X² − df) / Σ(df·scale), at least 0.
 */
export function pooledExtraVariance(estimates: readonly DispersionEstimate[]): number {
  let excess = 0;
  let weight = 0;
  for (const e of estimates) {
    if (e.df < 1) continue;
    excess += e.chi2 - e.df;
    weight += e.df * e.scale;
  }
  return weight > 0 ? Math.max(0, excess / weight) : 0;
}

export interface ModeratedDispersion {
  /** The dispersion used by the tests, at least 1. */
  phi: number;
  /** Degrees of freedom of the moderated estimate (own df + prior df). */
  df: number;
}

/**
 * A series' φ shrunk towards a prior φ0 worth `priorDf` weeks, then floored at 1 — the moderated
 * variance of limma (Smyth 2004) applied to the dispersion: X²/df from 12–30 weeks has a relative
 * standard error of √(2/df) ≈ 26–41 %, so on its own it would call binomial series overdispersed
 * half of the time and miss real overdispersion as often. The floor keeps binomial data binomial.
 */
export function moderatedDispersion(own: DispersionEstimate, priorPhi: number, priorDf: number): ModeratedDispersion {
  const df = own.df + priorDf;
  if (df <= 0) return { phi: 1, df: 0 };
  return { phi: Math.max(1, (own.df * own.phi + priorDf * priorPhi) / df), df };
}
