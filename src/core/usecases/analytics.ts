// The analytics commands: funnel, metrics, winloss, competitors, stale. Each resolves
// the period (workspace time zone), the pipeline order and the dimension, asks the
// AnalyticsStore for aggregated rows (SQL), and assembles, tests and renders them with
// the pure code of src/core/analytics. Anyone in the workspace may read them.

import { coach, type DimensionInfo } from '../analytics/coaching.js';
import { DEFAULT_SIZE_EDGES, dimensionName, resolveDimension, sizeEdges } from '../analytics/dimensions.js';
import { analyzeFactors, DEFAULT_MIN_SAMPLE, type Factor } from '../analytics/factors.js';
import { orderSegments, valueText } from '../analytics/labels.js';
import { buildAllMetrics, buildFunnels, rate } from '../analytics/metrics.js';
import { ALL_TIME, DEFAULT_PERIOD, resolvePeriod, type Period } from '../analytics/period.js';
import { anchors, openCount, rankStages, type Anchors } from '../analytics/ranks.js';
import {
  renderCompetitors,
  renderFunnel,
  renderMetrics,
  renderStale,
  renderWinloss,
  type CompetitorLine,
  type FactorLine,
  type Frame,
  type StaleLimit,
} from '../analytics/render.js';
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
import { wilson } from '../stats/index.js';
import type { Command } from '../commands.js';
import type { Pipeline } from '../model.js';
import { resolveStage } from '../pipeline.js';
import { ok, type Reply } from '../reply.js';
import { localeOf, type Context } from './context.js';
import { stageNotFound } from './deals.js';

type Of<T extends Command['type']> = Extract<Command, { type: T }>;

/** Segments with fewer deals are flagged as too small to compare. */
const MIN_SEGMENT = 10;
/** Text tables show at most this many segments (JSON has them all). */
const MAX_SEGMENT_ROWS = 25;
/** Fewer completed stays than this: the stage's stale limit falls back to the default. */
export const MIN_STAYS = 5;
export const DEFAULT_STALE_DAYS = 30;
const STALE_ROWS = 50;

/** `analytics` in the workspace settings (all optional). */
interface AnalyticsSettings {
  sizeBands?: unknown;
  minSample?: unknown;
  staleDays?: unknown;
}

async function analyticsSettings(ctx: Context): Promise<AnalyticsSettings> {
  const all = await ctx.store.getSettings(ctx.workspace.id);
  const a = all.analytics;
  return typeof a === 'object' && a !== null ? (a as AnalyticsSettings) : {};
}

function minSampleOf(s: AnalyticsSettings): number {
  const n = Number(s.minSample);
  return Number.isInteger(n) && n >= 5 && n <= 1000 ? n : DEFAULT_MIN_SAMPLE;
}

interface Prepared {
  frame: Frame;
  ranks: RankedStage[];
  anchors: Anchors;
  scope: Scope;
  settings: AnalyticsSettings;
}

type PrepareResult = { ok: true; p: Prepared } | { ok: false; reply: Reply };

async function prepare(ctx: Context, spec: PeriodSpec, view: AnalyticsView, by: DimensionSpec | undefined): Promise<PrepareResult> {
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
  return { ok: true, p: { frame, ranks, anchors: anchors(pipeline), scope, settings } };
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

function dimensionData(d: Dimension | null) {
  if (d === null) return null;
  if (d.kind === 'size') return { name: 'size', edges: d.edges };
  if (d.kind === 'roleBefore') return { name: dimensionName(d), role: d.role, roles: d.roles, stage: d.stage };
  return { name: d.kind };
}

// ---------------------------------------------------------------------------
// funnel

export async function funnel(ctx: Context, cmd: Of<'funnel'>): Promise<Reply> {
  const prep = await prepare(ctx, cmd.period ?? DEFAULT_PERIOD, cmd.view ?? 'cohort', cmd.by);
  if (!prep.ok) return prep.reply;
  const { frame, ranks, scope } = prep.p;
  const { flow, stays } = await ctx.analytics.snapshot(scope, ['flow', 'stays']);
  const built = buildFunnels(frame.pipeline, ranks, flow, stays, frame.view);
  const segments = frame.dimension ? orderSegments(frame.dimension, built.segments, (s) => s.funnel.deals) : [];
  const text = renderFunnel(frame, built.overall, segments.slice(0, MAX_SEGMENT_ROWS));
  const dim = frame.dimension;
  return ok(text, {
    view: frame.view,
    period: periodData(frame.period),
    dimension: dimensionData(dim),
    funnel: built.overall,
    ...(dim && {
      segments: segments.map((s) => ({ value: s.value, label: valueText(frame.locale, dim, s.value, s.label), funnel: s.funnel })),
    }),
  });
}

// ---------------------------------------------------------------------------
// metrics

export async function metrics(ctx: Context, cmd: Of<'metrics'>): Promise<Reply> {
  const prep = await prepare(ctx, cmd.period ?? DEFAULT_PERIOD, cmd.view ?? 'cohort', cmd.by);
  if (!prep.ok) return prep.reply;
  const { frame, ranks, scope, anchors: a } = prep.p;
  const k = openCount(ranks);
  const snap = await ctx.analytics.snapshot(scope, ['flow', 'outcomes', 'pipeline', 'winRates'], a.qualifiedRank ?? k);
  const built = buildAllMetrics(frame.pipeline, ranks, a, snap.flow, snap.outcomes, snap.pipeline, snap.winRates);
  const segments = frame.dimension ? orderSegments(frame.dimension, built.segments, (s) => s.counts.leads) : [];
  const text = renderMetrics(frame, a, built.overall, segments.slice(0, MAX_SEGMENT_ROWS), MIN_SEGMENT);
  const dim = frame.dimension;
  return ok(text, {
    view: frame.view,
    period: periodData(frame.period),
    dimension: dimensionData(dim),
    anchors: { lead: a.lead.key, opportunity: a.opportunity?.key ?? null, qualified: a.qualified?.key ?? null },
    metrics: built.overall.metrics,
    counts: built.overall.counts,
    ...(dim && {
      segments: segments.map((s) => ({
        value: s.value,
        label: valueText(frame.locale, dim, s.value, s.label),
        metrics: s.metrics,
        counts: s.counts,
      })),
    }),
  });
}

// ---------------------------------------------------------------------------
// winloss

const MULTI_VALUED = new Set(['competitor', 'tag']);

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

function factorLines(ctx: Context, frame: Frame, factors: Factor[], dims: Map<string, Dimension>): FactorLine[] {
  const locale = localeOf(ctx);
  return factors.flatMap((f) => {
    const dimension = dims.get(f.dimension);
    if (!dimension) return [];
    const label = valueText(locale, dimension, f.value, f.label);
    const coaching =
      f.status === 'finding' || f.status === 'watch' ? coach(locale, f, infoOf(dimension, frame.pipeline), label) : null;
    return [{ factor: f, dimension, label, coaching }];
  });
}

function factorData(lines: FactorLine[]) {
  return lines.map((l) => ({
    ...l.factor,
    label: l.label,
    sentence: l.coaching?.finding ?? null,
    advice: l.coaching?.advice ?? null,
  }));
}

function coachingData(lines: FactorLine[]) {
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

export async function winloss(ctx: Context, cmd: Of<'winloss'>): Promise<Reply> {
  const prep = await prepare(ctx, cmd.period ?? ALL_TIME, cmd.view ?? 'cohort', cmd.by);
  if (!prep.ok) return prep.reply;
  const { frame, ranks, scope, anchors: a, settings } = prep.p;
  // Default: every closed deal (from the first stage); from=qualified gives the qualified win rate's factors.
  const fromStage = cmd.from === undefined ? a.lead : resolveStage(frame.pipeline, cmd.from);
  const fromRank = fromStage ? ranks.find((r) => r.key === fromStage.key)?.rank : null;
  if (!fromStage || fromRank === null || fromRank === undefined) return stageNotFound(ctx, cmd.from ?? '', frame.pipeline);

  const named: NamedDimension[] = frame.dimension
    ? [{ name: dimensionName(frame.dimension), dimension: frame.dimension }]
    : defaultDimensions(ranks, a, sizeEdges(settings.sizeBands));
  const { population, rows: counts } = await ctx.analytics.factors(scope, named, fromRank);
  // Every dimension covers every closed deal (unrecorded values included): each one's total is the population.
  const totals = named.map((n) => ({ dimension: n.name, ...population }));
  const binary = new Set(named.filter((n) => n.dimension.kind === 'roleBefore').map((n) => n.name));
  const minSample = minSampleOf(settings);
  const analysis = analyzeFactors(counts, totals, { minSample, multiValued: MULTI_VALUED, binary });
  const dims = new Map(named.map((n) => [n.name, n.dimension]));
  const lines = factorLines(ctx, frame, analysis.factors, dims);

  const closed = population.won + population.lost;
  const text = renderWinloss(
    frame,
    {
      stageName: fromStage.name,
      fromFirst: fromRank === 0,
      won: population.won,
      closed,
      tested: analysis.tested,
      hypotheses: analysis.hypotheses,
      minSample,
      all: frame.dimension !== null,
    },
    lines,
  );
  return ok(text, {
    view: frame.view,
    period: periodData(frame.period),
    dimension: dimensionData(frame.dimension),
    from: fromStage.key,
    population: { won: population.won, lost: population.lost, closed, winRate: rate(population.won, closed) },
    minSample,
    tested: analysis.tested,
    hypotheses: analysis.hypotheses,
    coaching: coachingData(lines),
    factors: factorData(lines),
  });
}

// ---------------------------------------------------------------------------
// competitors

export async function competitors(ctx: Context, cmd: Of<'competitors'>): Promise<Reply> {
  const prep = await prepare(ctx, cmd.period ?? ALL_TIME, cmd.view ?? 'cohort', { kind: 'competitor' });
  if (!prep.ok) return prep.reply;
  const { frame, scope, settings } = prep.p;
  const dim: Dimension = { kind: 'competitor' };
  const { outcomes: rows } = await ctx.analytics.snapshot(scope, ['outcomes']);
  const all = rows.find((r) => r.all);
  const groups = orderSegments(
    dim,
    rows.filter((r) => !r.all),
    (r) => (r.value === 'none' ? -1 : r.deals),
  );
  const lines: CompetitorLine[] = groups.map((r) => {
    const w = wilson(r.won, r.won + r.lost);
    return {
      value: r.value,
      label: valueText(frame.locale, dim, r.value, r.label),
      deals: r.deals,
      open: r.open,
      won: r.won,
      lost: r.lost,
      lostToCompetitor: r.lostToCompetitor,
      winRate: rate(r.won, r.won + r.lost),
      low: w.low,
      high: w.high,
      wonValue: r.wonValue,
      lostValue: r.lostValue,
    };
  });
  const analysis = analyzeFactors(
    groups.map((r) => ({ dimension: 'competitor', value: r.value, label: r.label, won: r.won, lost: r.lost })),
    [{ dimension: 'competitor', won: all?.won ?? 0, lost: all?.lost ?? 0 }],
    { minSample: minSampleOf(settings), multiValued: MULTI_VALUED },
  );
  const factors = factorLines(ctx, frame, analysis.factors, new Map([['competitor', dim]]));
  const byValue = new Map(factors.map((f) => [f.factor.value, f.factor]));
  return ok(renderCompetitors(frame, lines, factors), {
    view: frame.view,
    period: periodData(frame.period),
    competitors: lines.map((l) => {
      const f = byValue.get(l.value);
      return { ...l, p: f?.p ?? null, q: f?.q ?? null, status: f?.status ?? 'notEnoughData' };
    }),
    coaching: coachingData(factors),
  });
}

// ---------------------------------------------------------------------------
// stale

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

export async function stale(ctx: Context, cmd: Of<'stale'>): Promise<Reply> {
  const ws = ctx.workspace.id;
  const locale = localeOf(ctx);
  const [pipeline, settings] = await Promise.all([ctx.store.getPipeline(ws), analyticsSettings(ctx)]);
  const ranks = rankStages(pipeline);
  const history = await ctx.analytics.stayLimits(ws, ranks);
  const limits: StaleLimit[] = ranks
    .filter((r) => r.kind === 'open')
    .map((r) => {
      const h = history.find((x) => x.stage === r.key);
      const n = h?.n ?? 0;
      if (cmd.days !== undefined) return { stage: r.key, days: cmd.days, basis: 'command' as const, n };
      const configured = configuredDays(settings.staleDays, r.key);
      if (configured !== null) return { stage: r.key, days: configured, basis: 'configured' as const, n };
      if (h && n >= MIN_STAYS && h.p75 !== null) return { stage: r.key, days: Math.max(1, h.p75), basis: 'p75' as const, n };
      return { stage: r.key, days: DEFAULT_STALE_DAYS, basis: 'default' as const, n };
    });
  const owner = cmd.mine ? ctx.actor.userId : (cmd.owner ?? null);
  const now = ctx.clock.now();
  const found = await ctx.analytics.staleDeals({
    workspaceId: ws,
    now,
    limits: limits.map((l) => ({ stage: l.stage, days: l.days })),
    owner,
    max: STALE_ROWS,
  });
  const rows = found.rows.map((r) => ({
    name: r.name,
    owner: r.owner,
    stage: r.stage,
    days: r.days,
    limit: r.limit,
    amount: r.amount,
    currency: r.currency,
  }));
  const text = renderStale(locale, pipeline, owner !== null && cmd.mine, found.stale, found.checked, rows, limits, MIN_STAYS);
  return ok(text, {
    owner,
    checked: found.checked,
    stale: found.stale,
    limits: limits.map((l) => ({ ...l, name: pipeline.find((s) => s.key === l.stage)?.name ?? l.stage })),
    deals: found.rows.map((r) => ({
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
    })),
  });
}
