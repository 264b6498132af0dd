import { describe, expect, it } from 'vitest';
import { coach } from '../../src/core/analytics/coaching.js';
import { analyzeFactors, type Factor, type FactorCount } from '../../src/core/analytics/factors.js';
import { fisherOneSided } from '../../src/core/stats/index.js';

const MULTI = new Set(['competitor', 'tag']);

function count(dimension: string, value: string | null, won: number, lost: number): FactorCount {
  return { dimension, value, label: value, won, lost };
}

function find(factors: Factor[], dimension: string, value: string | null): Factor {
  const f = factors.find((x) => x.dimension === dimension && x.value === value);
  if (!f) throw new Error(`no factor ${dimension}=${value}`);
  return f;
}

/** Benjamini–Hochberg written out the textbook way, for checking. */
function bh(p: number[]): number[] {
  const m = p.length;
  const order = p.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const q = new Array<number>(m);
  let next = 1;
  for (let r = m; r >= 1; r--) {
    const [v, i] = order[r - 1] as readonly [number, number];
    next = Math.min(next, (v * m) / r);
    q[i] = next;
  }
  return q;
}

describe('win/loss factors', () => {
  it('tests a value against the rest with a one-sided Fisher test and Wilson intervals (5/20 vs 90/180)', () => {
    const a = analyzeFactors([count('competitor', 'acme', 5, 15)], [{ dimension: 'competitor', won: 95, lost: 105 }], { multiValued: MULTI });
    const f = find(a.factors, 'competitor', 'acme');
    expect(f).toMatchObject({ won: 5, closed: 20, restWon: 90, restClosed: 180, rate: 0.25, restRate: 0.5, direction: 'lower' });
    expect(f.p).toBeCloseTo(0.0278, 4);
    // Wilson 95% for 5/20: 0.1119 – 0.4687.
    expect(f.low).toBeCloseTo(0.1119, 4);
    expect(f.high).toBeCloseTo(0.4687, 4);
    expect(f.restLow).toBeCloseTo(0.4277, 4);
    // Two hypotheses (both directions of one comparison): q = 2p.
    expect(a.tested).toBe(1);
    expect(a.hypotheses).toBe(2);
    expect(f.q).toBeCloseTo(2 * 0.027814194, 6);
    expect(f.status).toBe('watch');
  });

  it('adjusts with Benjamini–Hochberg across everything tested and ranks the findings first', () => {
    // Competitor values (a deal may face several): rest = all closed deals without the value.
    const counts = [count('competitor', 'a', 2, 28), count('competitor', 'b', 20, 10), count('competitor', 'c', 10, 12)];
    const totals = [{ dimension: 'competitor', won: 60, lost: 80 }];
    const a = analyzeFactors(counts, totals, { multiValued: MULTI });
    // By hand: a 2/30 vs 58/110 (lower), b 20/30 vs 40/110 (higher), c 10/22 vs 50/118 (higher).
    const chosen = [fisherOneSided(2, 28, 58, 52, 'less'), fisherOneSided(20, 10, 40, 70, 'greater'), fisherOneSided(10, 12, 50, 68, 'greater')];
    const other = [fisherOneSided(2, 28, 58, 52, 'greater'), fisherOneSided(20, 10, 40, 70, 'less'), fisherOneSided(10, 12, 50, 68, 'less')];
    const q = bh([...chosen, ...other]);
    expect(find(a.factors, 'competitor', 'a').p).toBeCloseTo(chosen[0] as number, 12);
    expect(find(a.factors, 'competitor', 'a').q).toBeCloseTo(q[0] as number, 12);
    expect(find(a.factors, 'competitor', 'b').q).toBeCloseTo(q[1] as number, 12);
    expect(find(a.factors, 'competitor', 'c').q).toBeCloseTo(q[2] as number, 12);
    expect(a.hypotheses).toBe(6);
    expect(a.factors.map((f) => [f.value, f.status])).toEqual([
      ['a', 'finding'],
      ['b', 'finding'],
      ['c', 'noDifference'],
    ]);
    expect((a.factors[0]?.q ?? 1) <= (a.factors[1]?.q ?? 0)).toBe(true);
  });

  it('says "not enough data" below the minimum sample and keeps it out of the BH family', () => {
    const counts = [count('source', 'event', 6, 3), count('source', 'web', 20, 40), count('source', 'referral', 30, 10)];
    const a = analyzeFactors(counts, [{ dimension: 'source', won: 56, lost: 53 }]);
    const event = find(a.factors, 'source', 'event');
    expect(event).toMatchObject({ closed: 9, status: 'notEnoughData', p: null, q: null });
    expect(a.tested).toBe(2);
    expect(a.hypotheses).toBe(4);
    expect(a.factors[a.factors.length - 1]?.value).toBe('event');
    // A higher minimum sample leaves nothing to test.
    const strict = analyzeFactors(counts, [{ dimension: 'source', won: 56, lost: 53 }], { minSample: 50 });
    expect(strict.tested).toBe(0);
    expect(strict.factors.every((f) => f.status === 'notEnoughData')).toBe(true);
  });

  it('never tests "not recorded" and leaves it out of the rest', () => {
    const counts = [count('source', null, 0, 40), count('source', 'web', 10, 20), count('source', 'referral', 20, 10)];
    const a = analyzeFactors(counts, [{ dimension: 'source', won: 30, lost: 70 }]);
    expect(find(a.factors, 'source', null)).toMatchObject({ status: 'notRecorded', p: null, restWon: 30, restClosed: 60 });
    // web vs referral only (the 40 deals with no source are not "the rest"): a mirror pair.
    expect(find(a.factors, 'source', 'referral')).toMatchObject({ restWon: 10, restClosed: 30, status: 'finding' });
    expect(find(a.factors, 'source', 'web')).toMatchObject({ status: 'mirror' });
    expect(find(a.factors, 'source', 'web').p).toBe(find(a.factors, 'source', 'referral').p);
    expect(a.tested).toBe(1);
  });

  it('tests a yes/no dimension once, by its "yes"', () => {
    const name = 'dm_or_eb-before-qualified';
    const a = analyzeFactors([count(name, 'yes', 40, 40), count(name, 'no', 2, 48)], [{ dimension: name, won: 42, lost: 88 }], {
      binary: new Set([name]),
    });
    expect(find(a.factors, name, 'yes').status).toBe('finding');
    expect(find(a.factors, name, 'no').status).toBe('mirror');
    expect(a.tested).toBe(1);
  });
});

describe('coaching sentences', () => {
  const factor = (won: number, closed: number, restWon: number, restClosed: number): Factor => ({
    dimension: 'x',
    value: 'yes',
    label: 'yes',
    won,
    closed,
    rate: won / closed,
    low: 0,
    high: 1,
    restWon,
    restClosed,
    restRate: restWon / restClosed,
    restLow: 0,
    restHigh: 1,
    difference: won / closed - restWon / restClosed,
    direction: won / closed >= restWon / restClosed ? 'higher' : 'lower',
    p: 0.001,
    q: 0.01,
    status: 'finding',
  });

  it('says what the role factor means and what to do, in English and Chinese', () => {
    const info = { kind: 'roleBefore', role: 'decision_maker' as const, stageName: 'Qualified', stageKey: 'qualified', requirement: null };
    const en = coach('en', factor(13, 31, 5, 42), info, 'yes');
    expect(en.finding).toBe('Deals with a decision maker identified before Qualified won 42% (31 deals) vs 12% (42) without.');
    expect(en.advice).toContain('before moving deals to Qualified');
    const zh = coach('zh-CN', factor(13, 31, 5, 42), { ...info, stageName: '合格机会' }, '是');
    expect(zh.finding).toBe('进入合格机会之前已识别决策人的商机赢单率 42%（31 个），未识别的为 12%（42 个）。');
  });

  it('suggests the gate command, or keeping overrides rare when the gate already asks for it', () => {
    const base = { kind: 'roleBefore', role: 'champion' as const, stageName: 'Qualified', stageKey: 'qualified', requirement: 'champion' };
    expect(coach('en', factor(20, 30, 10, 40), { ...base, gateHasIt: false }, 'yes').advice).toContain('gates set qualified require champion');
    expect(coach('en', factor(20, 30, 10, 40), { ...base, gateHasIt: true }, 'yes').advice).toContain('keep overrides');
  });

  it('phrases each dimension, both directions', () => {
    const lower = factor(4, 52, 47, 149);
    expect(coach('en', lower, { kind: 'source' }, 'outbound')).toEqual({
      finding: 'Deals from outbound leads won 8% (52 deals) vs 32% (149) from other sources.',
      advice: 'Qualify outbound leads harder before spending sales time on them.',
    });
    expect(coach('en', { ...factor(11, 24, 40, 195), value: 'carol' }, { kind: 'owner' }, 'carol').finding).toBe(
      "carol's deals won 46% (24 deals) vs 21% (195) for the rest of the team.",
    );
    expect(coach('en', { ...lower, value: 'salesforce' }, { kind: 'competitor' }, 'Salesforce').advice).toContain('competitive plan');
    expect(coach('en', { ...lower, value: 'none' }, { kind: 'competitor' }, 'none').finding).toContain('no competitor');
    expect(coach('zh-CN', lower, { kind: 'source' }, 'outbound').finding).toBe('来自 outbound 的线索赢单率 8%（52 个），其他来源为 32%（149 个）。');
  });
});
