// The analytics read by commands and scheduled jobs alike: typed results, no text.
// Each query resolves the period (workspace time zone), the pipeline order and the
// dimension, asks the AnalyticsStore for aggregated rows (SQL), and assembles and
// tests them with the pure code of src/core/analytics. The commands (analytics.ts)
// render these results; the digest and nudges read them directly.

import { coach, type DimensionInfo } from '../analytics/coaching.js';
import { DEFAULT_SIZE_EDGES, dimensionName, resolveDimension, sizeEdges } from '../analytics/dimensions.js';
import { analyzeFactors, DEFAULT_MIN_SAMPLE, type Factor } from '../analytics/factors.js';
import { orderSegments, valueText } from '../analytics/labels.js';
import { buildAllMetrics, buildFunnels, type FunnelData, type FunnelSegment, type MetricsData, type MetricsSegment } from '../analytics/metrics.js';
import { ALL_TIME, DEFAULT_PERIOD, resolvePeriod, type Period } from '../analytics/period.js';
import { anchors, openCount, rankStages, type Anchors } from '../analytics/ranks.js';
import type { FactorLine, Frame, StaleLimit } from '../analytics/render.js';
import type {
  AnalyticsView,
  Dimension,
  DimensionSpec,
  NamedDimension,
  PeriodSpec,
  RankedStage,
  RoleChoice,
  Scope,
} from '../analytics/types.js';
import type { Pipeline, Stage } from '../model.js';
import { resolveStage } from '../pipeline.js';
import type { Reply } from '../reply.js';
import { localeOf, type Context } from './context.js';
import { stageNotFound } from './replies.js';

/** A query's answer, or the reply that says why there is none (an unknown stage in `by=` or `from=`). */
export type QueryResult<T> = { ok: true; value: T } | { ok: false; reply: Reply };

export interface AnalyticsArgs {
  period?: PeriodSpec;
  view?: AnalyticsView;
  by?: DimensionSpec;
}

/** Fewer completed stays than this: the stage's stale limit falls back to the default. */
export const MIN_STAYS = 5;
export const DEFAULT_STALE_DAYS = 30;
const STALE_ROWS = 50;
export const MULTI_VALUED = new Set(['competitor', 'tag']);

/** `analytics` in the workspace settings (all optional). */
export interface AnalyticsSettings {
  sizeBands?: unknown;
  minSample?: unknown;
  staleDays?: unknown;
}

async function analyticsSettings(ctx: Context): Promise<AnalyticsSettings> {
  const all = await ctx.store.getSettings(ctx.workspace.id);
  const a = all.analytics;
  return typeof a === 'object' && a !== null ? (a as AnalyticsSettings) : {};
}

export function minSampleOf(s: AnalyticsSettings): number {
  const n = Number(s.minSample);
  return Number.isInteger(n) && n >= 5 && n <= 1000 ? n : DEFAULT_MIN_SAMPLE;
}

export interface Prepared {
  frame: Frame;
  ranks: RankedStage[];
  anchors: Anchors;
  scope: Scope;
  settings: AnalyticsSettings;
}

export async function prepare(ctx: Context, spec: PeriodSpec, view: AnalyticsView, by: DimensionSpec | undefined): Promise<QueryResult<Prepared>> {
  const ws = ctx.workspace.id;
  const [pipeline, settings] = await Promise.all([ctx.store.getPipeline(ws), analyticsSettings(ctx)]);
  const ranks = rankStages(pipeline);
  const period = resolvePeriod(spec, ctx.clock.now(), ctx.workspace.timezone);
  let dimension: Dimension | null = null;
  if (by) {
    const edges = by.kind === 'size' ? sizeEdges(settings.sizeBands) : DEFAULT_SIZE_EDGES;
    const resolved = resolveDimension(by, pipeline, ranks, edges);
    if (!resolved.ok) return { ok: false, reply: stageNotFound(ctx, resolved.stage, pipeline) };
    dimension = resolved.dimension;
  }
  const frame: Frame = { locale: localeOf(ctx), pipeline, period, view, dimension };
  const scope: Scope = { workspaceId: ws, stages: ranks, window: period.window, view, dimension };
  return { ok: true, value: { frame, ranks, anchors: anchors(pipeline), scope, settings } };
}

export function periodData(p: Period) {
  return {
    spec: p.spec,
    from: p.firstDay,
    to: p.lastDay,
    timezone: p.timezone,
    start: p.window ? p.window.from.toISOString() : null,
    end: p.window ? p.window.to.toISOString() : null,
  };
}

// ---------------------------------------------------------------------------
// funnel

export interface FunnelResult {
  frame: Frame;
  overall: FunnelData;
  /** Ordered for display; empty without a dimension. */
  segments: FunnelSegment[];
}

export async function funnelQuery(ctx: Context, args: AnalyticsArgs): Promise<QueryResult<FunnelResult>> {
  const prep = await prepare(ctx, args.period ?? DEFAULT_PERIOD, args.view ?? 'cohort', args.by);
  if (!prep.ok) return prep;
  const { frame, ranks, scope } = prep.value;
  const { flow, stays } = await ctx.analytics.snapshot(scope, ['flow', 'stays']);
  const built = buildFunnels(frame.pipeline, ranks, flow, stays, frame.view);
  const segments = frame.dimension ? orderSegments(frame.dimension, built.segments, (s) => s.funnel.deals) : [];
  return { ok: true, value: { frame, overall: built.overall, segments } };
}

// ---------------------------------------------------------------------------
// metrics

export interface MetricsResult {
  frame: Frame;
  anchors: Anchors;
  overall: MetricsData;
  /** Ordered for display; empty without a dimension. */
  segments: MetricsSegment[];
}

export async function metricsQuery(ctx: Context, args: AnalyticsArgs): Promise<QueryResult<MetricsResult>> {
  const prep = await prepare(ctx, args.period ?? DEFAULT_PERIOD, args.view ?? 'cohort', args.by);
  if (!prep.ok) return prep;
  const { frame, ranks, scope, anchors: a } = prep.value;
  const k = openCount(ranks);
  const snap = await ctx.analytics.snapshot(scope, ['flow', 'outcomes', 'pipeline', 'winRates'], a.qualifiedRank ?? k);
  const built = buildAllMetrics(frame.pipeline, ranks, a, snap.flow, snap.outcomes, snap.pipeline, snap.winRates);
  const segments = frame.dimension ? orderSegments(frame.dimension, built.segments, (s) => s.counts.leads) : [];
  return { ok: true, value: { frame, anchors: a, overall: built.overall, segments } };
}

// ---------------------------------------------------------------------------
// win/loss

/** The gate requirement that a contact role satisfies, if any. */
function requirementOf(role: RoleChoice): string | null {
  if (role === 'dm_or_eb') return 'decision_maker';
  if (role === 'economic_buyer' || role === 'champion') return role;
  return null;
}

function infoOf(dim: Dimension, pipeline: Pipeline): DimensionInfo {
  if (dim.kind !== 'roleBefore') return { kind: dim.kind };
  const requirement = requirementOf(dim.role);
  const open = pipeline.filter((s) => s.kind === 'open');
  const target = pipeline.find((s) => s.key === dim.stage);
  // A forward move must satisfy the gate of every stage it passes: any gate up to the stage counts.
  const upTo = target && target.kind === 'open' ? open.slice(0, open.indexOf(target) + 1) : pipeline.filter((s) => s.kind !== 'lost');
  const gateHasIt = requirement !== null && upTo.some((s) => s.requires.includes(requirement));
  return {
    kind: 'roleBefore',
    role: dim.role,
    stageName: target?.name ?? dim.stage,
    stageKey: dim.stage,
    requirement,
    gateHasIt,
  };
}

/** Each factor with its label and, for findings and watch items, its coaching sentence. */
export function factorLines(frame: Frame, factors: Factor[], dims: Map<string, Dimension>): FactorLine[] {
  const { locale } = frame;
  return factors.flatMap((f) => {
    const dimension = dims.get(f.dimension);
    if (!dimension) return [];
    const label = valueText(locale, dimension, f.value, f.label);
    const coaching =
      f.status === 'finding' || f.status === 'watch' ? coach(locale, f, infoOf(dimension, frame.pipeline), label) : null;
    return [{ factor: f, dimension, label, coaching }];
  });
}

/** A finding that separates won from lost deals, as a coaching sentence and advice. */
export interface CoachingFinding {
  dimension: string;
  value: string | null;
  sentence: string;
  advice: string;
}

export function coachingFindings(lines: FactorLine[]): CoachingFinding[] {
  return lines
    .filter((l) => l.factor.status === 'finding' && l.coaching)
    .map((l) => ({ dimension: l.factor.dimension, value: l.factor.value, sentence: l.coaching?.finding ?? '', advice: l.coaching?.advice ?? '' }));
}

function defaultDimensions(ranks: RankedStage[], a: Anchors, edges: number[]): NamedDimension[] {
  const simple: Dimension[] = [
    { kind: 'owner' },
    { kind: 'team' },
    { kind: 'industry' },
    { kind: 'source' },
    { kind: 'competitor' },
    { kind: 'tag' },
    { kind: 'size', edges },
  ];
  const roleStage = a.qualified ?? a.opportunity;
  const roleRank = roleStage ? ranks.find((r) => r.key === roleStage.key)?.rank : null;
  const roles: Dimension[] =
    roleStage && roleRank !== null && roleRank !== undefined
      ? (['dm_or_eb', 'champion', 'blocker'] as const).map((role) => ({
          kind: 'roleBefore' as const,
          role,
          roles: role === 'dm_or_eb' ? ['decision_maker' as const, 'economic_buyer' as const] : [role],
          stage: roleStage.key,
          stageRank: roleRank,
        }))
      : [];
  return [...simple, ...roles].map((dimension) => ({ name: dimensionName(dimension), dimension }));
}

export interface WinlossArgs extends AnalyticsArgs {
  /** The stage whose closed deals are compared; the first stage when absent. */
  from?: string;
}

export interface WinlossResult {
  frame: Frame;
  fromStage: Stage;
  fromRank: number;
  population: { won: number; lost: number };
  minSample: number;
  tested: number;
  hypotheses: number;
  lines: FactorLine[];
  findings: CoachingFinding[];
}

export async function winlossQuery(ctx: Context, args: WinlossArgs): Promise<QueryResult<WinlossResult>> {
  const prep = await prepare(ctx, args.period ?? ALL_TIME, args.view ?? 'cohort', args.by);
  if (!prep.ok) return prep;
  const { frame, ranks, scope, anchors: a, settings } = prep.value;
  // Default: every closed deal (from the first stage); from=qualified gives the qualified win rate's factors.
  const fromStage = args.from === undefined ? a.lead : resolveStage(frame.pipeline, args.from);
  const fromRank = fromStage ? ranks.find((r) => r.key === fromStage.key)?.rank : null;
  if (!fromStage || fromRank === null || fromRank === undefined) return { ok: false, reply: stageNotFound(ctx, args.from ?? '', frame.pipeline) };

  const named: NamedDimension[] = frame.dimension
    ? [{ name: dimensionName(frame.dimension), dimension: frame.dimension }]
    : defaultDimensions(ranks, a, sizeEdges(settings.sizeBands));
  const { population, rows: counts } = await ctx.analytics.factors(scope, named, fromRank);
  // Every dimension covers every closed deal (unrecorded values included): each one's total is the population.
  const totals = named.map((n) => ({ dimension: n.name, ...population }));
  const binary = new Set(named.filter((n) => n.dimension.kind === 'roleBefore').map((n) => n.name));
  const minSample = minSampleOf(settings);
  const analysis = analyzeFactors(counts, totals, { minSample, multiValued: MULTI_VALUED, binary });
  const lines = factorLines(frame, analysis.factors, new Map(named.map((n) => [n.name, n.dimension])));
  return {
    ok: true,
    value: {
      frame,
      fromStage,
      fromRank,
      population: { won: population.won, lost: population.lost },
      minSample,
      tested: analysis.tested,
      hypotheses: analysis.hypotheses,
      lines,
      findings: coachingFindings(lines),
    },
  };
}

// ---------------------------------------------------------------------------
// stale deals

export interface StaleArgs {
  /** Only the deals of this owner; everyone's when absent. */
  owner?: string | null;
  /** One limit for every stage instead of the learned or configured ones. */
  days?: number;
}

export interface StaleDeal {
  name: string;
  owner: string;
  stage: string;
  stageName: string;
  days: number;
  limit: number;
  overBy: number;
  amount: number | null;
  currency: string;
  stageEnteredAt: string;
}

export interface StaleResult {
  pipeline: Pipeline;
  owner: string | null;
  limits: StaleLimit[];
  /** Open deals looked at, and how many of them are stale (more than `deals` may hold). */
  checked: number;
  stale: number;
  /** The stalest first, at most STALE_ROWS. */
  deals: StaleDeal[];
}

function configuredDays(setting: unknown, stage: string): number | null {
  const valid = (x: unknown) => {
    const n = Number(x);
    return Number.isFinite(n) && n > 0 ? n : null;
  };
  if (typeof setting === 'number') return valid(setting);
  if (typeof setting === 'object' && setting !== null) {
    const table = setting as Record<string, unknown>;
    if (Object.hasOwn(table, stage)) return valid(table[stage]);
    if (Object.hasOwn(table, '*')) return valid(table['*']);
  }
  return null;
}

export async function staleQuery(ctx: Context, args: StaleArgs): Promise<StaleResult> {
  const ws = ctx.workspace.id;
  const [pipeline, settings] = await Promise.all([ctx.store.getPipeline(ws), analyticsSettings(ctx)]);
  const ranks = rankStages(pipeline);
  const history = await ctx.analytics.stayLimits(ws, ranks);
  const limits: StaleLimit[] = ranks
    .filter((r) => r.kind === 'open')
    .map((r) => {
      const h = history.find((x) => x.stage === r.key);
      const n = h?.n ?? 0;
      if (args.days !== undefined) return { stage: r.key, days: args.days, basis: 'command' as const, n };
      const configured = configuredDays(settings.staleDays, r.key);
      if (configured !== null) return { stage: r.key, days: configured, basis: 'configured' as const, n };
      if (h && n >= MIN_STAYS && h.p75 !== null) return { stage: r.key, days: Math.max(1, h.p75), basis: 'p75' as const, n };
      return { stage: r.key, days: DEFAULT_STALE_DAYS, basis: 'default' as const, n };
    });
  const owner = args.owner ?? null;
  const found = await ctx.analytics.staleDeals({
    workspaceId: ws,
    now: ctx.clock.now(),
    limits: limits.map((l) => ({ stage: l.stage, days: l.days })),
    owner,
    max: STALE_ROWS,
  });
  const deals = found.rows.map((r) => ({
    name: r.name,
    owner: r.owner,
    stage: r.stage,
    stageName: pipeline.find((s) => s.key === r.stage)?.name ?? r.stage,
    days: r.days,
    limit: r.limit,
    overBy: r.days - r.limit,
    amount: r.amount,
    currency: r.currency,
    stageEnteredAt: r.enteredAt.toISOString(),
  }));
  return { pipeline, owner, limits, checked: found.checked, stale: found.stale, deals };
}
