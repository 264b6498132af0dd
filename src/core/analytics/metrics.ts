// The source article's eight metrics and the stage funnel, assembled from the rows the
// database aggregated. Definitions (also in docs/metrics.md):
//
// "Reached": a deal reached an open stage when any of its stage events entered that
//   stage or a later open stage, or Won (a skip passes the stages skipped; moving back
//   or reopening never un-reaches a stage, and a stage is reached once). Every deal
//   reached the first stage when it was created. "Won"/"lost" are the deal's standing
//   state: a deal lost and then reopened and won counts once, as won.
// Cohort view: the deals created in the period, followed until now.
// Activity view: what happened in the period: deals first reaching each stage in it,
//   deals whose standing win or loss happened in it (different deals per stage, so a
//   "conversion" there is a ratio of flows and can exceed 100%).

import { wilson } from '../stats/index.js';
import type { Pipeline } from '../model.js';
import type { Anchors } from './ranks.js';
import type { FlowRow, Group, OutcomeRow, PipelineRow, RankedStage, StageWinRow, StayRow } from './types.js';

export function rate(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

function nz(x: number | null | undefined): number | null {
  return x === null || x === undefined || !Number.isFinite(x) ? null : x;
}

// ---------------------------------------------------------------------------
// Groups

export interface GroupKey {
  value: string | null;
  label: string | null;
}

function keyOf(g: Group): string {
  return g.all ? '\u0000all' : `v:${g.value ?? '\u0000null'}`;
}

/** The groups present in some rows, the whole population ("all") excluded. */
export function segmentsOf(...lists: readonly (readonly Group[])[]): GroupKey[] {
  const seen = new Map<string, GroupKey>();
  for (const list of lists) {
    for (const g of list) {
      if (g.all) continue;
      const k = keyOf(g);
      if (!seen.has(k)) seen.set(k, { value: g.value, label: g.label });
    }
  }
  return [...seen.values()];
}

function inGroup<T extends Group>(rows: readonly T[], g: GroupKey | 'all'): T[] {
  if (g === 'all') return rows.filter((r) => r.all);
  return rows.filter((r) => !r.all && r.value === g.value);
}

// ---------------------------------------------------------------------------
// Funnel

export interface FunnelStage {
  stage: string;
  name: string;
  /** Cohort: deals that reached the stage. Activity: deals that first entered it in the period. */
  reached: number;
  /** The next stage (the next open stage, or won after the last one). */
  next: string;
  /** reached(next) ÷ reached(this). */
  conversion: number | null;
  /** Deals lost whose furthest stage is this one, and their share of `reached`. */
  lost: number;
  dropOff: number | null;
  /** Cohort only: open deals whose furthest stage is this one. */
  open: number | null;
  openShare: number | null;
  /** Completed stays in the stage, in days. */
  medianDays: number | null;
  p75Days: number | null;
  stays: number;
}

export interface FunnelData {
  stages: FunnelStage[];
  /** Cohort: deals created in the period (= reached the first stage). Activity: deals created in the period. */
  deals: number;
  won: number;
  lost: number;
  /** won ÷ deals (cohort only: activity compares different deals). */
  winRate: number | null;
}

export function buildFunnel(
  pipeline: Pipeline,
  ranks: readonly RankedStage[],
  flow: readonly FlowRow[],
  stays: readonly StayRow[],
  view: 'cohort' | 'activity',
): FunnelData {
  const open = ranks.filter((r) => r.kind === 'open');
  const won = ranks.find((r) => r.kind === 'won');
  const k = open.length;
  const at = (rank: number) => flow.find((f) => f.rank === rank);
  const reached = (rank: number) => at(rank)?.reached ?? 0;
  const nameOf = (key: string) => pipeline.find((s) => s.key === key)?.name ?? key;
  const stages: FunnelStage[] = open.map((s, i) => {
    const row = at(i);
    const stay = stays.find((x) => x.stage === s.key);
    const n = reached(i);
    const lost = row?.lostHere ?? 0;
    const openHere = view === 'cohort' ? (row?.openHere ?? 0) : null;
    return {
      stage: s.key,
      name: nameOf(s.key),
      reached: n,
      next: i + 1 < k ? (open[i + 1]?.key ?? '') : (won?.key ?? 'won'),
      conversion: rate(reached(i + 1), n),
      lost,
      dropOff: rate(lost, n),
      open: openHere,
      openShare: openHere === null ? null : rate(openHere, n),
      medianDays: nz(stay?.median),
      p75Days: nz(stay?.p75),
      stays: stay?.n ?? 0,
    };
  });
  const totalLost = flow.reduce((sum, f) => sum + f.lostHere, 0);
  const deals = reached(0);
  const wonCount = reached(k);
  return { stages, deals, won: wonCount, lost: totalLost, winRate: view === 'cohort' ? rate(wonCount, deals) : null };
}

export interface FunnelSegment extends GroupKey {
  funnel: FunnelData;
}

export function buildFunnels(
  pipeline: Pipeline,
  ranks: readonly RankedStage[],
  flow: readonly FlowRow[],
  stays: readonly StayRow[],
  view: 'cohort' | 'activity',
): { overall: FunnelData; segments: FunnelSegment[] } {
  const overall = buildFunnel(pipeline, ranks, inGroup(flow, 'all'), inGroup(stays, 'all'), view);
  const segments = segmentsOf(flow, stays).map((g) => ({
    ...g,
    funnel: buildFunnel(pipeline, ranks, inGroup(flow, g), inGroup(stays, g), view),
  }));
  return { overall, segments };
}

// ---------------------------------------------------------------------------
// The eight metrics

export interface PipelineStageValue {
  stage: string;
  name: string;
  count: number;
  value: number;
  /** All-time win rate of closed deals that reached the stage (workspace-wide); null without history. */
  winRate: number | null;
  /** value × winRate. */
  weighted: number | null;
  /** Open deals without an amount (counted, not valued). */
  unpriced: number;
}

export interface Metrics {
  leadToOpportunity: number | null;
  opportunityToQualified: number | null;
  leadToQualified: number | null;
  qualifiedWinRate: number | null;
  salesCycleDays: { median: number | null; mean: number | null; p75: number | null; n: number };
  qualifiedPerWin: number | null;
  averageDealSize: { mean: number | null; median: number | null; n: number; total: number };
  pipelineValueByStage: PipelineStageValue[];
}

export interface MetricCounts {
  /** Cohort: deals that reached each anchor stage. Activity: deals that first entered it in the period. */
  leads: number;
  opportunities: number;
  qualified: number;
  won: number;
  lost: number;
  /** Closed deals that reached Qualified: won + lost after Qualified. */
  qualifiedClosed: number;
  /** 95% Wilson interval of the qualified win rate. */
  qualifiedWinRateLow: number | null;
  qualifiedWinRateHigh: number | null;
  pipelineCount: number;
  pipelineValue: number;
  pipelineWeighted: number;
  pipelineUnpriced: number;
}

export interface MetricsData {
  metrics: Metrics;
  counts: MetricCounts;
}

export function buildMetrics(
  pipeline: Pipeline,
  ranks: readonly RankedStage[],
  a: Anchors,
  flow: readonly FlowRow[],
  outcome: OutcomeRow | undefined,
  pipe: readonly PipelineRow[],
  winRates: readonly StageWinRow[],
): MetricsData {
  const reached = (rank: number | null) => (rank === null ? 0 : (flow.find((f) => f.rank === rank)?.reached ?? 0));
  const leads = reached(a.leadRank);
  const opportunities = reached(a.opportunityRank);
  const qualified = reached(a.qualifiedRank);
  const won = outcome?.won ?? 0;
  const lost = outcome?.lost ?? 0;
  const qualifiedClosed = a.qualifiedRank === null ? 0 : won + (outcome?.lostReached ?? 0);
  const winRate = a.qualifiedRank === null ? null : rate(won, qualifiedClosed);
  const interval = qualifiedClosed > 0 ? wilson(won, qualifiedClosed) : null;

  const pipelineValueByStage: PipelineStageValue[] = ranks
    .filter((r) => r.kind === 'open')
    .map((r) => {
      const row = pipe.find((p) => p.stage === r.key);
      const history = winRates.find((w) => w.stage === r.key);
      const stageRate = history ? rate(history.won, history.won + history.lost) : null;
      const value = row?.amount ?? 0;
      return {
        stage: r.key,
        name: pipeline.find((s) => s.key === r.key)?.name ?? r.key,
        count: row?.count ?? 0,
        value,
        winRate: stageRate,
        weighted: stageRate === null ? null : value * stageRate,
        unpriced: row?.unpriced ?? 0,
      };
    });

  const metrics: Metrics = {
    leadToOpportunity: a.opportunityRank === null ? null : rate(opportunities, leads),
    opportunityToQualified: a.opportunityRank === null || a.qualifiedRank === null ? null : rate(qualified, opportunities),
    leadToQualified: a.qualifiedRank === null ? null : rate(qualified, leads),
    qualifiedWinRate: winRate,
    salesCycleDays: {
      median: nz(outcome?.cycleMedian),
      mean: nz(outcome?.cycleMean),
      p75: nz(outcome?.cycleP75),
      n: outcome?.cycleN ?? 0,
    },
    qualifiedPerWin: a.qualifiedRank === null ? null : rate(qualified, won),
    averageDealSize: {
      mean: nz(outcome?.sizeMean),
      median: nz(outcome?.sizeMedian),
      n: outcome?.sizeN ?? 0,
      total: outcome?.wonValue ?? 0,
    },
    pipelineValueByStage,
  };
  const counts: MetricCounts = {
    leads,
    opportunities,
    qualified,
    won,
    lost,
    qualifiedClosed,
    qualifiedWinRateLow: interval ? interval.low : null,
    qualifiedWinRateHigh: interval ? interval.high : null,
    pipelineCount: pipelineValueByStage.reduce((s, p) => s + p.count, 0),
    pipelineValue: pipelineValueByStage.reduce((s, p) => s + p.value, 0),
    pipelineWeighted: pipelineValueByStage.reduce((s, p) => s + (p.weighted ?? 0), 0),
    pipelineUnpriced: pipelineValueByStage.reduce((s, p) => s + p.unpriced, 0),
  };
  return { metrics, counts };
}

export interface MetricsSegment extends GroupKey, MetricsData {}

export function buildAllMetrics(
  pipeline: Pipeline,
  ranks: readonly RankedStage[],
  a: Anchors,
  flow: readonly FlowRow[],
  outcomes: readonly OutcomeRow[],
  pipe: readonly PipelineRow[],
  winRates: readonly StageWinRow[],
): { overall: MetricsData; segments: MetricsSegment[] } {
  const overall = buildMetrics(pipeline, ranks, a, inGroup(flow, 'all'), inGroup(outcomes, 'all')[0], inGroup(pipe, 'all'), winRates);
  const segments = segmentsOf(flow, outcomes, pipe).map((g) => ({
    ...g,
    ...buildMetrics(pipeline, ranks, a, inGroup(flow, g), inGroup(outcomes, g)[0], inGroup(pipe, g), winRates),
  }));
  return { overall, segments };
}
