// The weekly digest: the funnel chart, the eight metrics against the week before with
// arrows and deltas, the top coaching findings, open alerts, and stale deals by owner.
// It is composed from the same use cases the chat commands run, so the numbers match
// what anyone can ask for with `metrics last-week view=activity`.

import { METRIC_ROWS, type MetricKey } from '../analytics/metric-rows.js';
import type { MetricsData } from '../analytics/metrics.js';
import type { PeriodSpec } from '../analytics/types.js';
import { funnelChart, type ChartSpec } from '../charts/index.js';
import { defineTexts } from '../i18n.js';
import { numberFormat } from '../intl.js';
import type { Locale } from '../model.js';
import { funnelQuery, metricsQuery, staleQuery, winlossQuery, type FunnelResult, type QueryResult } from '../usecases/analytics-queries.js';
import type { Context } from '../usecases/context.js';
import { isoWeekKey } from './schedule.js';

const t = defineTexts(
  'digest',
  {
    title: 'Weekly digest · {workspace} · {period}',
    metricsHeader: 'Funnel metrics, moves during {period} (the week before in brackets):',
    leadToOpportunity: 'Lead → opportunity',
    opportunityToQualified: 'Opportunity → qualified',
    leadToQualified: 'Lead → qualified',
    qualifiedWinRate: 'Qualified win rate',
    salesCycle: 'Sales cycle (median days)',
    qualifiedPerWin: 'Qualified opportunities per win',
    averageDealSize: 'Average won deal',
    pipelineValue: 'Open pipeline value',
    findingsHeader: 'What separates won from lost deals:',
    noFindings: 'No factor stands out yet with enough data.',
    alertsHeader: 'Open conversion alerts:',
    noAlerts: 'No open conversion alerts.',
    staleHeader: 'Stale deals by owner:',
    noStale: 'No stale deals.',
    staleLine: '{owner}: {deals}',
    chartSaved: 'Funnel chart: {path}',
    unavailable: 'not enough data',
  },
  {
    title: '每周简报 · {workspace} · {period}',
    metricsHeader: '漏斗指标，{period}内的推进（括号内为前一周）：',
    leadToOpportunity: '线索 → 机会',
    opportunityToQualified: '机会 → 合格机会',
    leadToQualified: '线索 → 合格机会',
    qualifiedWinRate: '合格机会赢单率',
    salesCycle: '销售周期（中位天数）',
    qualifiedPerWin: '每次赢单所需合格机会数',
    averageDealSize: '平均赢单金额',
    pipelineValue: '在途管道金额',
    findingsHeader: '赢单与输单的差别在于：',
    noFindings: '目前还没有数据充分、明显突出的因素。',
    alertsHeader: '未关闭的转化率预警：',
    noAlerts: '没有未关闭的转化率预警。',
    staleHeader: '各负责人的停滞商机：',
    noStale: '没有停滞的商机。',
    staleLine: '{owner}：{deals}',
    chartSaved: '漏斗图：{path}',
    unavailable: '数据不足',
  },
);

export const LAST_WEEK: PeriodSpec = { kind: 'calendar', unit: 'week', offset: -1, text: 'last-week' };
const WEEK_BEFORE: PeriodSpec = { kind: 'calendar', unit: 'week', offset: -2, text: 'week-before' };

export interface Digest {
  /** ISO week the digest reports on, in the workspace's time zone: the idempotency period. */
  period: string;
  text: string;
  chart: ChartSpec | null;
  data: Record<string, unknown>;
}

function arrow(now: number | null, before: number | null): string {
  if (now === null || before === null) return '';
  if (Math.abs(now - before) < 1e-9) return ' →';
  return now > before ? ' ↑' : ' ↓';
}

function fmt(n: number | null, unit: '%' | '' = ''): string {
  if (n === null) return '—';
  const digits = Math.abs(n) >= 1000 ? 0 : 1;
  return `${numberFormat('en-US', { maximumFractionDigits: digits }).format(n)}${unit}`;
}

/** One metric against the week before (null where it cannot be computed). */
export interface MetricComparison {
  metric: MetricKey;
  now: number | null;
  before: number | null;
  unit: '%' | '';
}

function compareMetrics(now: MetricsData | null, before: MetricsData | null): MetricComparison[] {
  return METRIC_ROWS.map((r) => ({
    metric: r.key,
    now: now ? r.figure(now) : null,
    before: before ? r.figure(before) : null,
    unit: r.unit,
  }));
}

function comparisonLine(locale: Locale, r: MetricComparison): string {
  const delta =
    r.now !== null && r.before !== null
      ? ` (${fmt(r.before, r.unit)}, ${r.now - r.before >= 0 ? '+' : ''}${fmt(Math.round((r.now - r.before) * 10) / 10, r.unit)})`
      : r.before !== null
        ? ` (${fmt(r.before, r.unit)})`
        : '';
  return `  ${t(locale, r.metric)}: ${fmt(r.now, r.unit)}${arrow(r.now, r.before)}${delta}`;
}

const valueOf = <T>(q: QueryResult<T>): T | null => (q.ok ? q.value : null);

export interface DigestInput {
  ctx: Context;
  at: Date;
  /** Already rendered lines of the open conversion alerts. */
  openAlerts: string[];
}

/** The funnel chart: stages reached in the cohort funnel, then the won stage. */
function digestChart(ctx: Context, at: Date, funnel: FunnelResult | null): ChartSpec | null {
  if (!funnel || funnel.overall.stages.length === 0) return null;
  const { frame, overall } = funnel;
  const stages: { key: string; label: string; count: number; kind?: 'open' | 'won' }[] = overall.stages.map((s) => ({
    key: s.stage,
    label: s.name,
    count: s.reached,
  }));
  const wonStage = frame.pipeline.find((s) => s.kind === 'won');
  if (wonStage) stages.push({ key: wonStage.key, label: wonStage.name, count: overall.won, kind: 'won' as const });
  const chartPeriod = `${frame.period.firstDay} – ${frame.period.lastDay}`;
  return funnelChart({ workspace: ctx.workspace.name, period: chartPeriod, asOf: at, locale: frame.locale, timezone: ctx.workspace.timezone, stages });
}

export async function composeDigest({ ctx, at, openAlerts }: DigestInput): Promise<Digest> {
  const locale = ctx.workspace.locale;
  const at7 = new Date(at.getTime() - 7 * 86_400_000);
  const period = isoWeekKey(at7, ctx.workspace.timezone);
  const [now, before, funnel, winloss, stale] = await Promise.all([
    metricsQuery(ctx, { period: LAST_WEEK, view: 'activity' }),
    metricsQuery(ctx, { period: WEEK_BEFORE, view: 'activity' }),
    // The chart shows the 90-day cohort funnel: one week of moves is too thin to draw.
    funnelQuery(ctx, {}),
    winlossQuery(ctx, {}),
    staleQuery(ctx, {}),
  ]);
  const metrics = compareMetrics(valueOf(now)?.overall ?? null, valueOf(before)?.overall ?? null);
  const coaching = valueOf(winloss)?.findings ?? [];
  const findings = coaching.slice(0, 3).map((c) => `  • ${c.sentence}${c.advice ? ` ${c.advice}` : ''}`);
  const byOwner = new Map<string, string[]>();
  for (const d of stale.deals) {
    const list = byOwner.get(d.owner) ?? [];
    list.push(`${d.name} (${d.stageName}, ${Math.floor(d.days)}d)`);
    byOwner.set(d.owner, list);
  }
  const staleLines = [...byOwner.entries()].map(([owner, deals]) => `  ${t(locale, 'staleLine', { owner, deals: deals.slice(0, 5).join(', ') })}`);
  const text = [
    t(locale, 'title', { workspace: ctx.workspace.name, period }),
    '',
    t(locale, 'metricsHeader', { period }),
    ...metrics.map((r) => comparisonLine(locale, r)),
    '',
    t(locale, 'findingsHeader'),
    ...(findings.length ? findings : [`  ${t(locale, 'noFindings')}`]),
    '',
    openAlerts.length ? t(locale, 'alertsHeader') : t(locale, 'noAlerts'),
    ...openAlerts.map((a) => `  • ${a}`),
    '',
    staleLines.length ? t(locale, 'staleHeader') : t(locale, 'noStale'),
    ...staleLines,
  ].join('\n');
  return {
    period,
    text,
    chart: digestChart(ctx, at, valueOf(funnel)),
    data: { period, metrics, findings: coaching, openAlerts, stale: stale.deals },
  };
}

export function chartSavedText(locale: Locale, path: string): string {
  return t(locale, 'chartSaved', { path });
}
