import { describe, it, expect } from 'vitest';
import {
  wilson,
  fisherOneSided,
  fisherTwoSided,
  benjaminiHochberg,
  quantile,
  median,
  mean,
  bernoulliCusum,
  lnFactorial,
  hypergeometricLogPmf,
} from '../../src/core/stats/index.js';

// ---------------------------------------------------------------------------
// Independent reference implementations (exact rational arithmetic via BigInt).
// These deliberately share no code or algorithm with src/core/stats.
// ---------------------------------------------------------------------------

const bigFactorials: bigint[] = [1n];
function bigFactorial(n: number): bigint {
  for (let i = bigFactorials.length; i <= n; i++) bigFactorials.push(bigFactorials[i - 1]! * BigInt(i));
  return bigFactorials[n]!;
}

function bigChoose(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  return bigFactorial(n) / (bigFactorial(k) * bigFactorial(n - k));
}

function bitLength(x: bigint): number {
  return x.toString(2).length;
}

/** num/den to ~double precision, also for ratios far below 1 (tiny p-values). */
function bigRatio(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const shift = bitLength(den) - bitLength(num) + 64;
  const q = shift >= 0 ? (num << BigInt(shift)) / den : num / (den << BigInt(-shift));
  // split the power of two so that 2^-shift never underflows on its own
  return Number(q) * 2 ** -Math.ceil(shift / 2) * 2 ** -Math.floor(shift / 2);
}

/** ln of a positive BigInt from its top 64 bits. */
function bigLn(x: bigint): number {
  const len = bitLength(x);
  const drop = Math.max(0, len - 64);
  return Math.log(Number(x >> BigInt(drop))) + drop * Math.LN2;
}

/** Exact numerators C(r1, x) C(r2, c1 - x) for every x of the table [[a, b], [c, d]]. */
function exactWeights(a: number, b: number, c: number, d: number) {
  const r1 = a + b;
  const r2 = c + d;
  const c1 = a + c;
  const den = bigChoose(r1 + r2, c1);
  const weights = new Map<number, bigint>();
  for (let x = 0; x <= Math.min(r1, c1); x++) {
    const w = bigChoose(r1, x) * bigChoose(r2, c1 - x);
    if (w > 0n) weights.set(x, w);
  }
  return { den, weights };
}

function exactFisher(a: number, b: number, c: number, d: number) {
  const { den, weights } = exactWeights(a, b, c, d);
  let less = 0n;
  let greater = 0n;
  let two = 0n;
  const wa = weights.get(a) ?? 0n;
  for (const [x, w] of weights) {
    if (x <= a) less += w;
    if (x >= a) greater += w;
    // R's rule: P(x) <= P(a) * (1 + 1e-7)  <=>  1e7 * w <= (1e7 + 1) * wa, exactly.
    if (w * 10_000_000n <= wa * 10_000_001n) two += w;
  }
  return {
    less: bigRatio(less, den),
    greater: bigRatio(greater, den),
    twoSided: bigRatio(two, den),
    pointMass: bigRatio(wa, den),
  };
}

function expectRelClose(actual: number, expected: number, rel: number): void {
  expect(Number.isFinite(actual)).toBe(true);
  if (expected === 0) {
    expect(actual).toBe(0);
    return;
  }
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThanOrEqual(rel);
}

/** Deterministic PRNG (mulberry32) so randomized checks are reproducible. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------

describe('wilson', () => {
  it('matches the textbook 95% interval for 5/20', () => {
    const ci = wilson(5, 20);
    expect(ci.p).toBe(0.25);
    expect(ci.low).toBeCloseTo(0.1119, 4);
    expect(ci.high).toBeCloseTo(0.4687, 4);
  });

  it('bounds are the two roots of the score equation (p̂ - p)^2 = z^2 p(1 - p)/n', () => {
    const z = 1.959963984540054;
    for (const [s, n] of [
      [5, 20],
      [1, 3],
      [17, 40],
      [999, 1000],
      [1, 1_000_000_000],
      [3.5, 10],
      [1e-6, 10], // fractional (weighted) counts: the naive A - B form would cancel here
    ] as const) {
      const { low, high } = wilson(s, n);
      const ph = s / n;
      for (const bound of [low, high]) {
        const lhs = (ph - bound) ** 2;
        const rhs = (z * z * bound * (1 - bound)) / n;
        expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-12 * Math.max(lhs, rhs, 1e-300));
      }
      // Vieta on (1 + z²/n)p² - (2p̂ + z²/n)p + p̂² = 0 checks each root to relative precision,
      // which the score-equation residual above cannot do for tiny lower bounds.
      const k = 1 + (z * z) / n;
      expectRelClose(low * high * k, ph * ph, 1e-13);
      expectRelClose((low + high) * k, 2 * ph + (z * z) / n, 1e-13);
    }
  });

  it('uses other confidence levels via z', () => {
    // 90%: z = qnorm(0.95); centre ± half-width form evaluated at 30 digits (mpmath):
    // [0.127377168520358, 0.432201750160125]
    const ci = wilson(5, 20, 1.6448536269514722);
    expect(ci.low).toBeCloseTo(0.127377168520358, 13);
    expect(ci.high).toBeCloseTo(0.432201750160125, 13);
    const point = wilson(5, 20, 0);
    expect(point.low).toBeCloseTo(0.25, 15);
    expect(point.high).toBeCloseTo(0.25, 15);
  });

  it('n = 0 convention: whole unit interval and NaN estimate', () => {
    const ci = wilson(0, 0);
    expect(ci).toEqual({ low: 0, high: 1, p: Number.NaN });
  });

  it('all failures / all successes give exact 0 / 1 end points', () => {
    const z2 = 1.959963984540054 ** 2;
    const none = wilson(0, 10);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(z2 / (10 + z2), 14);
    const all = wilson(10, 10);
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(10 / (10 + z2), 14);
  });

  it('huge n stays finite and symmetric', () => {
    const ci = wilson(50_000, 100_000);
    expect(Number.isFinite(ci.low) && Number.isFinite(ci.high)).toBe(true);
    expect(ci.low + ci.high).toBeCloseTo(1, 14);
    // half-width ≈ z * sqrt(p(1-p)/n) for large n
    expect(ci.high - ci.p).toBeCloseTo(1.959963984540054 * Math.sqrt(0.25 / 100_000), 6);
    const big = wilson(1, 1e200);
    expect(big.low).toBeGreaterThan(0);
    expect(Number.isFinite(big.high)).toBe(true);
  });

  it('rejects invalid input', () => {
    expect(() => wilson(6, 5)).toThrow(RangeError);
    expect(() => wilson(-1, 5)).toThrow(RangeError);
    expect(() => wilson(1, Number.NaN)).toThrow(RangeError);
    expect(() => wilson(1, 5, -1)).toThrow(RangeError);
  });
});

describe('lnFactorial / hypergeometricLogPmf', () => {
  it('lnFactorial matches exact factorials', () => {
    for (let n = 0; n <= 300; n++) {
      expect(Math.abs(lnFactorial(n) - bigLn(bigFactorial(n)))).toBeLessThanOrEqual(
        4e-16 * Math.max(1, bigLn(bigFactorial(n))),
      );
    }
  });

  it('lnFactorial(1e6) matches a 30-digit reference (mpmath loggamma) without overflow', () => {
    expectRelClose(lnFactorial(1_000_000), 12815518.384658169624, 1e-15);
    expectRelClose(lnFactorial(100_000), 1051299.2218991218651, 1e-15);
  });

  it('hypergeometric pmf matches exact enumeration', () => {
    const r1 = 300;
    const r2 = 500;
    const c1 = 420;
    const den = bigChoose(r1 + r2, c1);
    let total = 0;
    for (let x = 0; x <= 300; x += 7) {
      const exact = bigRatio(bigChoose(r1, x) * bigChoose(r2, c1 - x), den);
      const got = Math.exp(hypergeometricLogPmf(x, r1, r2, c1));
      total += got;
      if (exact === 0) expect(hypergeometricLogPmf(x, r1, r2, c1)).toBe(-Infinity);
      else expectRelClose(got, exact, 1e-12);
    }
    expect(total).toBeGreaterThan(0);
    expect(hypergeometricLogPmf(5, 3, 10, 8)).toBe(-Infinity); // x > successStates
    expect(() => hypergeometricLogPmf(1, 2, 2, 5)).toThrow(RangeError);
  });
});

describe('fisherOneSided', () => {
  it('reference: 5/20 vs 90/180, alternative less ≈ 0.0278', () => {
    const p = fisherOneSided(5, 15, 90, 90, 'less');
    expect(Number(p.toPrecision(3))).toBe(0.0278);
    // R: fisher.test(matrix(c(5, 90, 15, 90), 2), alternative = "less")$p.value
    expectRelClose(p, 0.027814194055165, 1e-12);
    expectRelClose(p, exactFisher(5, 15, 90, 90).less, 1e-12);
  });

  it('tea-tasting table [[3,1],[1,3]]: greater = 17/70 (hand computed)', () => {
    // P(X = 0..4) = (1, 16, 36, 16, 1)/70
    expectRelClose(fisherOneSided(3, 1, 1, 3, 'greater'), 17 / 70, 1e-14);
    expectRelClose(fisherOneSided(3, 1, 1, 3, 'less'), 69 / 70, 1e-14);
    expectRelClose(fisherOneSided(0, 4, 4, 0, 'less'), 1 / 70, 1e-14);
  });

  it('matches exact BigInt enumeration on every table with cells 0..6', () => {
    for (let a = 0; a <= 6; a++)
      for (let b = 0; b <= 6; b++)
        for (let c = 0; c <= 6; c++)
          for (let d = 0; d <= 6; d++) {
            const ex = exactFisher(a, b, c, d);
            expectRelClose(fisherOneSided(a, b, c, d, 'less'), ex.less, 1e-13);
            expectRelClose(fisherOneSided(a, b, c, d, 'greater'), ex.greater, 1e-13);
          }
  });

  it('matches exact enumeration on larger tables, including deep tails', () => {
    const r = rng(42);
    const tables: [number, number, number, number][] = [
      [0, 20, 90, 90],
      [40, 960, 300, 1700],
      [1, 199, 150, 650],
      [120, 80, 300, 500],
      [700, 300, 650, 350],
    ];
    for (let i = 0; i < 25; i++) {
      tables.push([1 + Math.floor(r() * 400), Math.floor(r() * 400), Math.floor(r() * 400), Math.floor(r() * 400)]);
    }
    for (const [a, b, c, d] of tables) {
      const ex = exactFisher(a, b, c, d);
      const less = fisherOneSided(a, b, c, d, 'less');
      const greater = fisherOneSided(a, b, c, d, 'greater');
      // the small tail is computed directly and must have full relative precision;
      // the large tail is 1 - small and is only absolutely accurate.
      if (ex.less <= 0.5) expectRelClose(less, ex.less, 1e-11);
      else expect(Math.abs(less - ex.less)).toBeLessThanOrEqual(1e-14);
      if (ex.greater <= 0.5) expectRelClose(greater, ex.greater, 1e-11);
      else expect(Math.abs(greater - ex.greater)).toBeLessThanOrEqual(1e-14);
      // less + greater double counts the observed table exactly once
      expect(Math.abs(less + greater - ex.pointMass - 1)).toBeLessThanOrEqual(1e-13);
    }
    expectRelClose(fisherOneSided(40, 960, 300, 1700, 'less'), 3.812881177193644e-22, 1e-10);
  });

  it('edge cases: empty table, all successes, all failures, extremes', () => {
    expect(fisherOneSided(0, 0, 0, 0, 'less')).toBe(1);
    expect(fisherOneSided(0, 0, 0, 0, 'greater')).toBe(1);
    // a single column means the margins fix the table completely
    expect(fisherOneSided(5, 0, 7, 0, 'less')).toBeCloseTo(1, 14);
    expect(fisherOneSided(5, 0, 7, 0, 'greater')).toBeCloseTo(1, 14);
    expect(fisherOneSided(0, 5, 0, 7, 'less')).toBeCloseTo(1, 14);
    expect(fisherOneSided(0, 5, 0, 7, 'greater')).toBeCloseTo(1, 14);
    // a at the top of its support
    expect(fisherOneSided(20, 0, 90, 90, 'less')).toBe(1);
    expectRelClose(fisherOneSided(0, 20, 90, 90, 'less'), exactFisher(0, 20, 90, 90).pointMass, 1e-13);
  });

  it('huge n: finite, in [0, 1] and accurate against 40-digit references', () => {
    // mpmath (40 digits) tail sums of the exact hypergeometric pmf
    const g = fisherOneSided(50_000, 50_000, 49_000, 51_000, 'greater');
    expectRelClose(g, 3.949144778607447e-6, 1e-11);
    const l = fisherOneSided(50_000, 50_000, 49_000, 51_000, 'less');
    const pointMass = Math.exp(hypergeometricLogPmf(50_000, 100_000, 100_000, 99_000));
    expect(Math.abs(l - (1 - 3.949144778607447e-6 + pointMass))).toBeLessThan(1e-13);
    const deep = fisherOneSided(480_000, 520_000, 500_000, 500_000, 'less');
    expectRelClose(deep, 2.329276290584589e-176, 1e-11);
    for (const alt of ['less', 'greater'] as const) {
      const p = fisherOneSided(123_456, 876_544, 130_000, 870_000, alt);
      expect(Number.isFinite(p)).toBe(true);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
    }
  });

  it('rejects invalid counts and alternatives', () => {
    expect(() => fisherOneSided(1.5, 2, 3, 4, 'less')).toThrow(RangeError);
    expect(() => fisherOneSided(-1, 2, 3, 4, 'less')).toThrow(RangeError);
    expect(() => fisherOneSided(1, 2, 3, 4, 'two.sided' as 'less')).toThrow(RangeError);
  });
});

describe('fisherTwoSided', () => {
  it('tea-tasting table: 34/70 ≈ 0.4857', () => {
    expectRelClose(fisherTwoSided(3, 1, 1, 3), 34 / 70, 1e-14);
    expect(fisherTwoSided(2, 2, 2, 2)).toBeCloseTo(1, 14);
  });

  it('5/20 vs 90/180 matches R (0.03639281)', () => {
    expectRelClose(fisherTwoSided(5, 15, 90, 90), 0.036392811189212, 1e-11);
  });

  it('matches exact enumeration with R’s 1e-7 tie rule', () => {
    for (let a = 0; a <= 6; a++)
      for (let b = 0; b <= 6; b++)
        for (let c = 0; c <= 6; c++)
          for (let d = 0; d <= 6; d++) {
            expectRelClose(fisherTwoSided(a, b, c, d), Math.min(1, exactFisher(a, b, c, d).twoSided), 1e-13);
          }
    const r = rng(7);
    for (let i = 0; i < 20; i++) {
      const t = [0, 0, 0, 0].map(() => Math.floor(r() * 300)) as [number, number, number, number];
      const ex = Math.min(1, exactFisher(...t).twoSided);
      expectRelClose(fisherTwoSided(...t), ex, 1e-11);
    }
    expectRelClose(fisherTwoSided(40, 960, 300, 1700), 7.202475425375793e-22, 1e-10);
  });
});

describe('benjaminiHochberg', () => {
  it('hand-computed example', () => {
    // sorted: 0.005(1) 0.01(2) 0.03(3) 0.04(4) 0.5(5); m = 5
    // raw m·p/k: 0.025 0.025 0.05 0.05 0.5 → running min from the top keeps them
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.5]);
    const expected = [0.025, 0.05, 0.05, 0.025, 0.5];
    q.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 15));
  });

  it('enforces monotonicity (step-up running minimum)', () => {
    // raw: 0.02·2/1 = 0.04 > 0.021·2/2 = 0.021 → both 0.021
    const q = benjaminiHochberg([0.02, 0.021]);
    expect(q[0]).toBeCloseTo(0.021, 15);
    expect(q[1]).toBeCloseTo(0.021, 15);
    // p.adjust(c(0.01,0.02,0.03,0.04,0.05,0.5), "BH") = 0.06 ×5, 0.5
    const r = benjaminiHochberg([0.5, 0.05, 0.04, 0.03, 0.02, 0.01]);
    [0.5, 0.06, 0.06, 0.06, 0.06, 0.06].forEach((v, i) => expect(r[i]).toBeCloseTo(v, 15));
  });

  it('agrees with the BH step-up rejection rule on random inputs', () => {
    const r = rng(123);
    for (let trial = 0; trial < 50; trial++) {
      const m = 1 + Math.floor(r() * 40);
      const p = Array.from({ length: m }, () => (r() < 0.3 ? r() * 0.01 : r()));
      const q = benjaminiHochberg(p);
      for (const alpha of [0.01, 0.05, 0.1, 0.25]) {
        // classic procedure: largest k with p_(k) <= k·alpha/m, reject the k smallest
        const sorted = [...p].sort((x, y) => x - y);
        let k = 0;
        sorted.forEach((v, i) => {
          if (v <= ((i + 1) * alpha) / m) k = i + 1;
        });
        const cutoff = k === 0 ? -1 : sorted[k - 1]!;
        p.forEach((v, i) => {
          // the boundary can differ by rounding only when q is within an ulp of alpha
          if (Math.abs(q[i]! - alpha) > 1e-12) expect(q[i]! <= alpha).toBe(v <= cutoff);
        });
      }
      for (let i = 0; i < m; i++) {
        expect(q[i]).toBeGreaterThanOrEqual(p[i]!);
        expect(q[i]).toBeLessThanOrEqual(1);
        for (let j = 0; j < m; j++) if (p[i]! <= p[j]!) expect(q[i]!).toBeLessThanOrEqual(q[j]!);
      }
    }
  });

  it('edge cases: empty, single, NaN pass-through, invalid', () => {
    expect(benjaminiHochberg([])).toEqual([]);
    expect(benjaminiHochberg([0.3])).toEqual([0.3]);
    const q = benjaminiHochberg([0.01, Number.NaN, 0.04]);
    expect(q[0]).toBeCloseTo(0.02, 15); // m = 2, NaN not counted
    expect(q[1]).toBeNaN();
    expect(q[2]).toBeCloseTo(0.04, 15);
    expect(() => benjaminiHochberg([0.5, 1.2])).toThrow(RangeError);
    expect(() => benjaminiHochberg([-0.1])).toThrow(RangeError);
  });
});

describe('quantile / median / mean', () => {
  it('R type 7 reference values', () => {
    expect(quantile([1, 2, 3, 4], 0.75)).toBeCloseTo(3.25, 15);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.1)).toBeCloseTo(1.9, 14);
    expect(quantile([1, 3, 10], 0.3)).toBeCloseTo(2.2, 14); // h = 0.6 → 1 + 0.6·2
    expect(quantile([10, 1, 3], 0.3)).toBeCloseTo(2.2, 14); // unsorted input
    expect(quantile([4, 1, 3, 2], 0)).toBe(1);
    expect(quantile([4, 1, 3, 2], 1)).toBe(4);
    expect(quantile([7], 0.42)).toBe(7);
  });

  it('does not mutate its input and handles empty / NaN / infinities', () => {
    const data = [3, 1, 2];
    quantile(data, 0.5);
    expect(data).toEqual([3, 1, 2]);
    expect(quantile([], 0.5)).toBeNaN();
    expect(quantile([1, Number.NaN], 0.5)).toBeNaN();
    expect(quantile([Infinity, Infinity, 1], 0.9)).toBe(Infinity);
    expect(quantile([-1e308, 1e308], 0.5)).toBe(0);
    expect(() => quantile([1, 2], 1.5)).toThrow(RangeError);
    expect(() => quantile([1, 2], Number.NaN)).toThrow(RangeError);
  });

  it('median and mean', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean([])).toBeNaN();
    // compensated summation: the naive left-to-right sum would give 0 here
    expect(mean([1e16, 1, -1e16])).toBeCloseTo(1 / 3, 15);
    expect(mean(Array.from({ length: 10 }, () => 0.1))).toBe(0.1);
    expect(mean([Infinity, 1])).toBe(Infinity);
  });
});

describe('bernoulliCusum', () => {
  it('constructed sequence: hand-derived path and first crossing', () => {
    // p0 = 0.5, p1 = 0.25: a success adds ln(0.5), a failure adds ln(1.5).
    // (10/20): 10 ln 0.5 + 10 ln 1.5 = 10 ln 0.75 ≈ -2.877 → S = 0
    // (5/20):  5 ln 0.5 + 15 ln 1.5 = 5 ln(0.5·1.5³) = 5 ln 1.6875 ≈ 2.616
    // (4/20):  4 ln(0.5·1.5⁴) = 4 ln 2.53125 ≈ 3.715 → S ≈ 6.331 ≥ 5: signal at index 2
    // (10/20): 10 ln 0.75 → S ≈ 3.454 (no reset after a signal)
    const res = bernoulliCusum({ p0: 0.5, p1: 0.25, h: 5 }, [
      { successes: 10, n: 20 },
      { successes: 5, n: 20 },
      { successes: 4, n: 20 },
      { successes: 10, n: 20 },
    ]);
    const s1 = 5 * Math.log(1.6875);
    const s2 = s1 + 4 * Math.log(2.53125);
    const expected = [0, s1, s2, s2 + 10 * Math.log(0.75)];
    expect(res.path).toHaveLength(4);
    res.path.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 12));
    expect(res.path[1]).toBeCloseTo(2.6162, 4);
    expect(res.path[2]).toBeCloseTo(6.3311, 4);
    expect(res.path[3]).toBeCloseTo(3.4543, 4);
    expect(res.increments[0]).toBeCloseTo(10 * Math.log(0.75), 12);
    expect(res.firstCrossing).toBe(2);
  });

  it('in-control data does not signal; threshold is inclusive', () => {
    const steady = Array.from({ length: 52 }, () => ({ successes: 30, n: 100 }));
    const res = bernoulliCusum({ p0: 0.3, p1: 0.2, h: 4 }, steady);
    expect(res.firstCrossing).toBe(-1);
    expect(res.path.every((v) => v === 0)).toBe(true);
    // a single all-failure cohort of size n has increment n·ln(0.8/0.7)
    const n = 10;
    const inc = n * Math.log(0.8 / 0.7);
    expect(bernoulliCusum({ p0: 0.3, p1: 0.2, h: inc * 0.999999 }, [{ successes: 0, n }]).firstCrossing).toBe(0);
    expect(bernoulliCusum({ p0: 0.3, p1: 0.2, h: inc * 1.000001 }, [{ successes: 0, n }]).firstCrossing).toBe(-1);
    // reaching h exactly counts as a signal (S_t >= h)
    const exactH = bernoulliCusum({ p0: 0.3, p1: 0.2, h: 100 }, [{ successes: 0, n }]).path[0]!;
    expect(bernoulliCusum({ p0: 0.3, p1: 0.2, h: exactH }, [{ successes: 0, n }]).firstCrossing).toBe(0);
  });

  it('empty cohorts, empty sequence, huge cohorts and validation', () => {
    expect(bernoulliCusum({ p0: 0.3, p1: 0.2, h: 4 }, [])).toEqual({ increments: [], path: [], firstCrossing: -1 });
    const zero = bernoulliCusum({ p0: 0.3, p1: 0.2, h: 4 }, [{ successes: 0, n: 0 }]);
    expect(zero.increments[0]).toBe(0);
    expect(zero.path[0]).toBe(0);
    const big = bernoulliCusum({ p0: 0.3, p1: 0.2, h: 4 }, [{ successes: 20_000, n: 100_000 }]);
    // 2e4 ln(2/3) + 8e4 ln(8/7)
    expect(big.path[0]).toBeCloseTo(20_000 * Math.log(2 / 3) + 80_000 * Math.log(8 / 7), 6);
    expect(big.firstCrossing).toBe(0);
    expect(() => bernoulliCusum({ p0: 0.2, p1: 0.3, h: 4 }, [])).toThrow(RangeError);
    expect(() => bernoulliCusum({ p0: 0.3, p1: 0, h: 4 }, [])).toThrow(RangeError);
    expect(() => bernoulliCusum({ p0: 0.3, p1: 0.2, h: 0 }, [])).toThrow(RangeError);
    expect(() => bernoulliCusum({ p0: 0.3, p1: 0.2, h: 4 }, [{ successes: 5, n: 4 }])).toThrow(RangeError);
  });
});
