// The analytics commands: funnel, metrics, winloss, competitors, stale. Each runs its
// typed query (analytics-queries.ts) and renders the result as text and JSON data with
// the pure code of src/core/analytics. Anyone in the workspace may read them.

import { dimensionName } from '../analytics/dimensions.js';
import { analyzeFactors } from '../analytics/factors.js';
import { orderSegments, valueText } from '../analytics/labels.js';
import { rate } from '../analytics/metrics.js';
import { ALL_TIME } from '../analytics/period.js';
import {
  renderCompetitors,
  renderFunnel,
  renderMetrics,
  renderStale,
  renderWinloss,
  type CompetitorLine,
  type FactorLine,
} from '../analytics/render.js';
import type { Dimension } from '../analytics/types.js';
import { wilson } from '../stats/index.js';
import type { Command } from '../commands.js';
import { ok, type Reply } from '../reply.js';
import {
  coachingFindings,
  factorLines,
  funnelQuery,
  metricsQuery,
  MIN_STAYS,
  minSampleOf,
  MULTI_VALUED,
  periodData,
  prepare,
  staleQuery,
  winlossQuery,
} from './analytics-queries.js';
import { localeOf, type Context } from './context.js';

type Of<T extends Command['type']> = Extract<Command, { type: T }>;

/** Segments with fewer deals are flagged as too small to compare. */
const MIN_SEGMENT = 10;
/** Text tables show at most this many segments (JSON has them all). */
const MAX_SEGMENT_ROWS = 25;

function dimensionData(d: Dimension | null) {
  if (d === null) return null;
  if (d.kind === 'size') return { name: 'size', edges: d.edges };
  if (d.kind === 'roleBefore') return { name: dimensionName(d), role: d.role, roles: d.roles, stage: d.stage };
  return { name: d.kind };
}

export async function funnel(ctx: Context, cmd: Of<'funnel'>): Promise<Reply> {
  const q = await funnelQuery(ctx, cmd);
  if (!q.ok) return q.reply;
  const { frame, overall, segments } = q.value;
  const text = renderFunnel(frame, overall, segments.slice(0, MAX_SEGMENT_ROWS));
  const dim = frame.dimension;
  return ok(text, {
    view: frame.view,
    period: periodData(frame.period),
    dimension: dimensionData(dim),
    funnel: overall,
    ...(dim && {
      segments: segments.map((s) => ({ value: s.value, label: valueText(frame.locale, dim, s.value, s.label), funnel: s.funnel })),
    }),
  });
}

export async function metrics(ctx: Context, cmd: Of<'metrics'>): Promise<Reply> {
  const q = await metricsQuery(ctx, cmd);
  if (!q.ok) return q.reply;
  const { frame, anchors: a, overall, segments } = q.value;
  const text = renderMetrics(frame, a, overall, segments.slice(0, MAX_SEGMENT_ROWS), MIN_SEGMENT);
  const dim = frame.dimension;
  return ok(text, {
    view: frame.view,
    period: periodData(frame.period),
    dimension: dimensionData(dim),
    anchors: { lead: a.lead.key, opportunity: a.opportunity?.key ?? null, qualified: a.qualified?.key ?? null },
    metrics: overall.metrics,
    counts: overall.counts,
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

function factorData(lines: FactorLine[]) {
  return lines.map((l) => ({
    ...l.factor,
    label: l.label,
    sentence: l.coaching?.finding ?? null,
    advice: l.coaching?.advice ?? null,
  }));
}

export async function winloss(ctx: Context, cmd: Of<'winloss'>): Promise<Reply> {
  const q = await winlossQuery(ctx, cmd);
  if (!q.ok) return q.reply;
  const r = q.value;
  const { frame, population } = r;
  const closed = population.won + population.lost;
  const text = renderWinloss(
    frame,
    {
      stageName: r.fromStage.name,
      fromFirst: r.fromRank === 0,
      won: population.won,
      closed,
      tested: r.tested,
      hypotheses: r.hypotheses,
      minSample: r.minSample,
      all: frame.dimension !== null,
    },
    r.lines,
  );
  return ok(text, {
    view: frame.view,
    period: periodData(frame.period),
    dimension: dimensionData(frame.dimension),
    from: r.fromStage.key,
    population: { won: population.won, lost: population.lost, closed, winRate: rate(population.won, closed) },
    minSample: r.minSample,
    tested: r.tested,
    hypotheses: r.hypotheses,
    coaching: r.findings,
    factors: factorData(r.lines),
  });
}

export async function competitors(ctx: Context, cmd: Of<'competitors'>): Promise<Reply> {
  const prep = await prepare(ctx, cmd.period ?? ALL_TIME, cmd.view ?? 'cohort', { kind: 'competitor' });
  if (!prep.ok) return prep.reply;
  const { frame, scope, settings } = prep.value;
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
  const factors = factorLines(frame, analysis.factors, new Map([['competitor', dim]]));
  const byValue = new Map(factors.map((f) => [f.factor.value, f.factor]));
  return ok(renderCompetitors(frame, lines, factors), {
    view: frame.view,
    period: periodData(frame.period),
    competitors: lines.map((l) => {
      const f = byValue.get(l.value);
      return { ...l, p: f?.p ?? null, q: f?.q ?? null, status: f?.status ?? 'notEnoughData' };
    }),
    coaching: coachingFindings(factors),
  });
}

export async function stale(ctx: Context, cmd: Of<'stale'>): Promise<Reply> {
  const owner = cmd.mine ? ctx.actor.userId : (cmd.owner ?? null);
  const r = await staleQuery(ctx, { owner, ...(cmd.days !== undefined && { days: cmd.days }) });
  const rows = r.deals.map((d) => ({
    name: d.name,
    owner: d.owner,
    stage: d.stage,
    days: d.days,
    limit: d.limit,
    amount: d.amount,
    currency: d.currency,
  }));
  const text = renderStale(localeOf(ctx), r.pipeline, owner !== null && cmd.mine, r.stale, r.checked, rows, r.limits, MIN_STAYS);
  return ok(text, {
    owner,
    checked: r.checked,
    stale: r.stale,
    limits: r.limits.map((l) => ({ ...l, name: r.pipeline.find((s) => s.key === l.stage)?.name ?? l.stage })),
    deals: r.deals,
  });
}
