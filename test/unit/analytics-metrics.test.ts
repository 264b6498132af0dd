import { describe, expect, it } from 'vitest';
import { sizeBandLabel, sizeEdges, DEFAULT_SIZE_EDGES } from '../../src/core/analytics/dimensions.js';
import { buildFunnel, buildMetrics, buildAllMetrics } from '../../src/core/analytics/metrics.js';
import { resolvePeriod } from '../../src/core/analytics/period.js';
import { anchors, rankStages } from '../../src/core/analytics/ranks.js';
import { renderFunnel, renderMetrics, type Frame } from '../../src/core/analytics/render.js';
import { displayWidth, table } from '../../src/core/analytics/table.js';
import type { FlowRow, OutcomeRow, PipelineRow } from '../../src/core/analytics/types.js';
import type { Pipeline } from '../../src/core/model.js';
import { addStage, defaultPipeline, moveStage, removeStage, renameStage } from '../../src/core/pipeline.js';

const P = defaultPipeline();
const RANKS = rankStages(P);
const ALL = { all: true, value: null, label: null };

function flow(reached: number[], lost: number[], open: number[]): FlowRow[] {
  return reached.map((r, rank) => ({ ...ALL, rank, reached: r, lostHere: lost[rank] ?? 0, openHere: open[rank] ?? 0 }));
}

function outcome(o: Partial<OutcomeRow>): OutcomeRow {
  return {
    ...ALL,
    deals: 0,
    open: 0,
    won: 0,
    lost: 0,
    lostReached: 0,
    lostToCompetitor: 0,
    wonValue: 0,
    lostValue: 0,
    cycleN: 0,
    cycleMedian: null,
    cycleMean: null,
    cycleP75: null,
    sizeN: 0,
    sizeMean: null,
    sizeMedian: null,
    ...o,
  };
}

describe('funnel order of a customisable pipeline', () => {
  it('ranks open stages in order, won after them, lost nowhere', () => {
    expect(RANKS.map((r) => [r.key, r.rank])).toEqual([
      ['lead', 0],
      ['opportunity', 1],
      ['qualified', 2],
      ['proposal', 3],
      ['negotiation', 4],
      ['won', 5],
      ['lost', null],
    ]);
    const a = anchors(P);
    expect([a.lead.key, a.opportunity?.key, a.qualified?.key, a.qualifiedRank]).toEqual(['lead', 'opportunity', 'qualified', 2]);
  });

  it('finds the anchors by key after renames and reorders, by position without the keys', () => {
    let p: Pipeline = P;
    const step = (r: ReturnType<typeof addStage>) => {
      if (!r.ok) throw new Error(r.error);
      p = r.pipeline;
    };
    step(addStage(p, 'Discovery', 'lead'));
    step(renameStage(p, 'qualified', 'SQL stage'));
    step(moveStage(p, 'proposal', 'discovery'));
    const a = anchors(p);
    expect([a.opportunity?.key, a.qualified?.key, a.qualified?.name]).toEqual(['opportunity', 'qualified', 'SQL stage']);
    expect(rankStages(p).find((r) => r.key === 'qualified')?.rank).toBe(4);
    // Without the keys: the second and third open stages.
    let q: Pipeline = P;
    const stepQ = (r: ReturnType<typeof removeStage>) => {
      if (!r.ok) throw new Error(r.error);
      q = r.pipeline;
    };
    stepQ(removeStage(q, 'opportunity'));
    stepQ(removeStage(q, 'qualified'));
    const b = anchors(q);
    expect([b.opportunity?.key, b.qualified?.key]).toEqual(['proposal', 'negotiation']);
    const c = anchors([
      { key: 'new', name: 'New', aliases: [], kind: 'open', requires: [] },
      { key: 'talking', name: 'Talking', aliases: [], kind: 'open', requires: [] },
      { key: 'serious', name: 'Serious', aliases: [], kind: 'open', requires: [] },
      { key: 'won', name: 'Won', aliases: [], kind: 'won', requires: [] },
      { key: 'lost', name: 'Lost', aliases: [], kind: 'lost', requires: [] },
    ]);
    expect([c.lead.key, c.opportunity?.key, c.qualified?.key]).toEqual(['new', 'talking', 'serious']);
  });
});

describe('funnel assembly', () => {
  it('turns reached / lost / open counts into conversions and drop-offs', () => {
    // 10 deals: furthest stage lead 3 (2 lost, 1 open), opportunity 2 (1 lost, 1 open),
    // qualified 0, proposal 2 (1 lost, 1 open), negotiation 0, won 3.
    const f = buildFunnel(P, RANKS, flow([10, 7, 5, 5, 3, 3], [2, 1, 0, 1, 0], [1, 1, 0, 1, 0]), [], 'cohort');
    expect(f.deals).toBe(10);
    expect(f.won).toBe(3);
    expect(f.lost).toBe(4);
    expect(f.winRate).toBeCloseTo(0.3, 12);
    expect(f.stages.map((s) => s.conversion)).toEqual([0.7, 5 / 7, 1, 0.6, 1]);
    expect(f.stages.map((s) => s.dropOff)).toEqual([0.2, 1 / 7, 0, 0.2, 0]);
    expect(f.stages.map((s) => s.next)).toEqual(['opportunity', 'qualified', 'proposal', 'negotiation', 'won']);
    // Every deal that reached a stage went on, was lost there, or is still open there.
    for (const [i, s] of f.stages.entries()) {
      const next = f.stages[i + 1]?.reached ?? f.won;
      expect(next + s.lost + (s.open ?? 0)).toBe(s.reached);
    }
  });

  it('gives null, not NaN, when nothing reached a stage', () => {
    const f = buildFunnel(P, RANKS, [], [], 'activity');
    expect(f.stages.every((s) => s.conversion === null && s.open === null && s.medianDays === null)).toBe(true);
    expect(f.winRate).toBeNull();
  });
});

describe('the eight metrics', () => {
  const a = anchors(P);
  const pipe: PipelineRow[] = [
    { ...ALL, stage: 'opportunity', count: 2, amount: 30000, unpriced: 0 },
    { ...ALL, stage: 'negotiation', count: 1, amount: 50000, unpriced: 0 },
    { ...ALL, stage: 'lead', count: 3, amount: 0, unpriced: 3 },
  ];
  const winRates = [
    { stage: 'lead', won: 10, lost: 30 },
    { stage: 'opportunity', won: 10, lost: 15 },
    { stage: 'negotiation', won: 10, lost: 2 },
  ];

  it('computes them from the aggregated rows', () => {
    const o = outcome({ won: 4, lost: 6, lostReached: 2, cycleN: 4, cycleMedian: 30, cycleMean: 35, cycleP75: 40, sizeN: 4, sizeMean: 25000, sizeMedian: 20000, wonValue: 100000 });
    const { metrics: m, counts } = buildMetrics(P, RANKS, a, flow([40, 20, 10, 8, 6, 4], [], []), o, pipe, winRates);
    expect(m.leadToOpportunity).toBe(0.5);
    expect(m.opportunityToQualified).toBe(0.5);
    expect(m.leadToQualified).toBe(0.25);
    expect(m.qualifiedWinRate).toBeCloseTo(4 / 6, 12); // 4 won, 2 lost after Qualified
    expect(m.qualifiedPerWin).toBe(2.5);
    expect(m.salesCycleDays).toEqual({ median: 30, mean: 35, p75: 40, n: 4 });
    expect(m.averageDealSize).toEqual({ mean: 25000, median: 20000, n: 4, total: 100000 });
    expect(m.pipelineValueByStage.map((p) => [p.stage, p.count, p.value, p.winRate, p.weighted])).toEqual([
      ['lead', 3, 0, 0.25, 0],
      ['opportunity', 2, 30000, 0.4, 12000],
      ['qualified', 0, 0, null, null],
      ['proposal', 0, 0, null, null],
      ['negotiation', 1, 50000, 10 / 12, expect.closeTo((50000 * 10) / 12, 6)],
    ]);
    expect(counts).toMatchObject({ leads: 40, qualified: 10, won: 4, qualifiedClosed: 6, pipelineCount: 6, pipelineValue: 80000, pipelineUnpriced: 3 });
    expect(counts.pipelineWeighted).toBeCloseTo(12000 + (50000 * 10) / 12, 6);
    expect(counts.qualifiedWinRateLow).toBeLessThan(4 / 6);
  });

  it('has no qualified metrics in a pipeline without a qualified stage', () => {
    const small: Pipeline = [
      { key: 'lead', name: 'Lead', aliases: [], kind: 'open', requires: [] },
      { key: 'won', name: 'Won', aliases: [], kind: 'won', requires: [] },
      { key: 'lost', name: 'Lost', aliases: [], kind: 'lost', requires: [] },
    ];
    const r = rankStages(small);
    const m = buildMetrics(small, r, anchors(small), flow([5, 1], [], []), outcome({ won: 1, lost: 4 }), [], []).metrics;
    expect([m.leadToOpportunity, m.opportunityToQualified, m.leadToQualified, m.qualifiedWinRate, m.qualifiedPerWin]).toEqual([null, null, null, null, null]);
  });

  it('splits by segment, each with its own counts', () => {
    const seg = (value: string) => ({ all: false, value, label: value });
    const rows: FlowRow[] = [
      ...flow([4, 2, 1], [], []),
      ...flow([3, 2, 2], [], []).map((f) => ({ ...f, ...seg('referral') })),
      ...flow([1, 0, 0], [], []).map((f) => ({ ...f, ...seg('outbound') })),
    ];
    const out = [outcome({ won: 1 }), { ...outcome({ won: 1 }), ...seg('referral') }];
    const built = buildAllMetrics(P, RANKS, a, rows, out, [], []);
    expect(built.overall.metrics.leadToOpportunity).toBe(0.5);
    expect(built.segments.map((s) => [s.value, s.metrics.leadToOpportunity, s.counts.won])).toEqual([
      ['referral', 2 / 3, 1],
      ['outbound', 0, 0],
    ]);
  });
});

describe('text rendering', () => {
  const frame = (locale: 'en' | 'zh-CN'): Frame => ({
    locale,
    pipeline: P,
    period: resolvePeriod({ kind: 'range', from: '2026-01-01', to: '2026-03-31', text: '2026-Q1' }, new Date('2026-04-01T00:00:00Z'), 'UTC'),
    view: 'cohort',
    dimension: null,
  });

  it('prints the funnel as an aligned table, in both languages', () => {
    const f = buildFunnel(P, RANKS, flow([10, 7, 5, 5, 3, 3], [2, 1, 0, 1, 0], [1, 1, 0, 1, 0]), [], 'cohort');
    const en = renderFunnel(frame('en'), f, []);
    expect(en).toContain('the 10 deals created 2026-01-01 – 2026-03-31 (2026-Q1, UTC)');
    expect(en).toMatch(/Lead\s+10\s+70%\s+2 \(20%\)\s+1 \(10%\)/);
    expect(en).toContain('Won 3 of 10 (30%); lost 4; still open 3.');
    const zh = renderFunnel(frame('zh-CN'), f, []);
    expect(zh).toContain('创建的 10 个商机');
    expect(zh).toContain('赢单 3 / 10（30%）');
  });

  it('prints the eight metrics with their details', () => {
    const built = buildAllMetrics(P, RANKS, anchors(P), flow([40, 20, 10, 8, 6, 4], [], []), [outcome({ won: 4, lostReached: 2, cycleN: 4, cycleMedian: 30, cycleMean: 35, cycleP75: 40 })], [], []);
    const text = renderMetrics(frame('en'), anchors(P), built.overall, [], 10);
    expect(text).toMatch(/1\. Lead → Opportunity\s+50%\s+20 of 40/);
    expect(text).toMatch(/4\. Qualified win rate\s+67%\s+4 won of 6 closed after Qualified · 95% CI \d+–\d+%/);
    expect(text).toContain('median 30 d · mean 35 d · 75th pct 40 d (4 won)');
    expect(text).toMatch(/6\. Qualified per win\s+2\.5/);
  });

  it('pads CJK text by display width', () => {
    expect(displayWidth('王芳')).toBe(4);
    expect(displayWidth('abc')).toBe(3);
    const t = table([{ title: 'Owner' }, { title: 'n', right: true }], [['王芳', '1'], ['carol', '12']]);
    expect(t.split('\n').map((l) => displayWidth(l))).toEqual([11, 11, 11]);
  });

  it('labels size bands', () => {
    expect(DEFAULT_SIZE_EDGES.map((_, i) => sizeBandLabel(DEFAULT_SIZE_EDGES, i))).toEqual(['<10k', '10k–25k', '25k–50k', '50k–100k']);
    expect(sizeBandLabel(DEFAULT_SIZE_EDGES, 4)).toBe('100k+');
    expect(sizeEdges([5000, 1e6])).toEqual([5000, 1e6]);
    expect(sizeEdges([5, 3])).toEqual(DEFAULT_SIZE_EDGES);
    expect(sizeEdges('x')).toEqual(DEFAULT_SIZE_EDGES);
  });
});
