import { describe, expect, it } from 'vitest';
import { moderatedDispersion, pearsonDispersion, pooledExtraVariance, studentUpperTail } from '../../src/core/stats/index.js';

describe('quasi-binomial dispersion', () => {
  it('is Pearson X² / df of the weekly counts around their pooled rate', () => {
    // Pooled 30/60 = 0.5; (5 − 10)² / 5 + (10 − 10)² / 5 + (15 − 10)² / 5 = 10 on 2 df.
    const e = pearsonDispersion([20, 20, 20], [5, 10, 15]);
    expect(e.chi2).toBeCloseTo(10, 12);
    expect(e.df).toBe(2);
    expect(e.phi).toBeCloseTo(5, 12);
    // (N − Σn²/N) / df = (60 − 1200/60) / 2 = 20: the deals per week the extra variance scales with.
    expect(e.scale).toBeCloseTo(20, 12);
  });

  it('skips empty weeks and is 1 when there is nothing to estimate from', () => {
    expect(pearsonDispersion([20, 0, 20, 20], [5, 0, 10, 15])).toMatchObject({ df: 2, phi: 5 });
    expect(pearsonDispersion([20], [5])).toMatchObject({ phi: 1, df: 0 });
    expect(pearsonDispersion([20, 20], [0, 0])).toMatchObject({ phi: 1 });
    expect(() => pearsonDispersion([5], [6])).toThrow(RangeError);
  });

  it('averages near 1 on binomial weeks and near 1 + n·v on wandering ones', () => {
    // Deterministic LCG so that the test is reproducible.
    let seed = 12345;
    const u = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const binomial = (n: number, p: number) => Array.from({ length: n }, u).filter((x) => x < p).length;
    const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
    const mean = (f: () => number) => Array.from({ length: 300 }, f).reduce((a, b) => a + b, 0) / 300;
    const weeks = (sd: number) => {
      const n = Array.from({ length: 26 }, () => 40);
      const c = n.map((k) => binomial(k, 0.4 * Math.exp(sd * normal())));
      return pearsonDispersion(n, c).phi;
    };
    expect(Math.abs(mean(() => weeks(0)) - 1)).toBeLessThan(0.1);
    // τ ≈ 0.4 × 0.15 = 0.06: φ ≈ 1 + 40 × 0.06² / (0.4 × 0.6) = 1.6.
    expect(mean(() => weeks(0.15))).toBeGreaterThan(1.4);
    expect(mean(() => weeks(0.15))).toBeLessThan(1.85);
  });

  it('pools the extra variance of series that share their weeks', () => {
    // v = Σ(X² − df) / Σ(df × scale): (10 − 2 + 2 − 2) / (2 × 20 + 2 × 20) = 0.1.
    const a = pearsonDispersion([20, 20, 20], [5, 10, 15]);
    const b = { ...a, chi2: 2, phi: 1 };
    expect(pooledExtraVariance([a, b])).toBeCloseTo(0.1, 12);
    expect(pooledExtraVariance([b])).toBe(0); // never negative
    expect(pooledExtraVariance([])).toBe(0);
  });

  it('moderates a noisy φ towards the prior and floors it at 1', () => {
    const own = { phi: 3, df: 10, chi2: 30, scale: 20 };
    expect(moderatedDispersion(own, 1.5, 20)).toEqual({ phi: (10 * 3 + 20 * 1.5) / 30, df: 30 });
    expect(moderatedDispersion({ ...own, phi: 0.4 }, 1, 20).phi).toBe(1);
    expect(moderatedDispersion({ phi: 1, df: 0, chi2: 0, scale: 0 }, 1, 0)).toEqual({ phi: 1, df: 0 });
  });
});

describe("Student's t upper tail", () => {
  it('matches tabulated quantiles', () => {
    // t tables: t(0.95; 10) = 1.812461, t(0.975; 5) = 2.570582, t(0.995; 30) = 2.749996.
    expect(studentUpperTail(1.812461, 10)).toBeCloseTo(0.05, 6);
    expect(studentUpperTail(2.570582, 5)).toBeCloseTo(0.025, 6);
    expect(studentUpperTail(2.749996, 30)).toBeCloseTo(0.005, 6);
    // df = 1 is the Cauchy distribution: P(T ≥ 1) = 1/4.
    expect(studentUpperTail(1, 1)).toBeCloseTo(0.25, 12);
  });

  it('is symmetric and bounded', () => {
    expect(studentUpperTail(0, 7)).toBeCloseTo(0.5, 12);
    expect(studentUpperTail(-1.812461, 10)).toBeCloseTo(0.95, 6);
    expect(studentUpperTail(Infinity, 3)).toBe(0);
    expect(studentUpperTail(-Infinity, 3)).toBe(1);
    expect(() => studentUpperTail(1, 0)).toThrow(RangeError);
  });
});
