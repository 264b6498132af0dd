// The weekly digest: the funnel chart, the eight metrics against the week before with
// arrows and deltas, the top coaching findings, open alerts, and stale deals by owner.
// It is composed from the same use cases the chat commands run, so the numbers match
// what anyone can ask for with `metrics last-week view=activity`.

import type { PeriodSpec } from '../analytics/types.js';
import { funnelChart, type ChartSpec } from '../charts/index.js';
import type { Command } from '../commands.js';
import { defineTexts } from '../i18n.js';
import { numberFormat } from '../intl.js';
import type { Locale } from '../model.js';
import type { Reply } from '../reply.js';
import { runCommand, type Context } from '../usecases/index.js';
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

type Data = Record<string, any>;

export interface Digest {
  /** ISO week the digest reports on, in the workspace's time zone: the idempotency period. */
  period: string;
  text: string;
  chart: ChartSpec | null;
  data: Record<string, unknown>;
}

async function must(ctx: Context, cmd: Command): Promise<Data> {
  const reply: Reply = await runCommand(ctx, cmd);
  return reply.ok ? ((reply.data ?? {}) as Data) : {};
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 1000) / 10);

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

function metricLines(locale: Locale, now: Data, before: Data): { lines: string[]; rows: Data[] } {
  const m = now.metrics ?? {};
  const b = before.metrics ?? {};
  const value = (x: Data) => (x.pipelineValueByStage ?? []).reduce((s: number, r: Data) => s + (r.value ?? 0), 0);
  const rows: { key: Parameters<typeof t>[1]; now: number | null; before: number | null; unit: '%' | '' }[] = [
    { key: 'leadToOpportunity', now: pct(m.leadToOpportunity), before: pct(b.leadToOpportunity), unit: '%' },
    { key: 'opportunityToQualified', now: pct(m.opportunityToQualified), before: pct(b.opportunityToQualified), unit: '%' },
    { key: 'leadToQualified', now: pct(m.leadToQualified), before: pct(b.leadToQualified), unit: '%' },
    { key: 'qualifiedWinRate', now: pct(m.qualifiedWinRate), before: pct(b.qualifiedWinRate), unit: '%' },
    { key: 'salesCycle', now: m.salesCycleDays?.median ?? null, before: b.salesCycleDays?.median ?? null, unit: '' },
    { key: 'qualifiedPerWin', now: m.qualifiedPerWin ?? null, before: b.qualifiedPerWin ?? null, unit: '' },
    { key: 'averageDealSize', now: m.averageDealSize?.mean ?? null, before: b.averageDealSize?.mean ?? null, unit: '' },
    { key: 'pipelineValue', now: m.pipelineValueByStage ? value(m) : null, before: b.pipelineValueByStage ? value(b) : null, unit: '' },
  ];
  const lines = rows.map((r) => {
    const delta = r.now !== null && r.before !== null ? ` (${fmt(r.before, r.unit)}, ${r.now - r.before >= 0 ? '+' : ''}${fmt(Math.round((r.now - r.before) * 10) / 10, r.unit)})` : r.before !== null ? ` (${fmt(r.before, r.unit)})` : '';
    return `  ${t(locale, r.key)}: ${fmt(r.now, r.unit)}${arrow(r.now, r.before)}${delta}`;
  });
  return { lines, rows: rows.map((r) => ({ metric: r.key, now: r.now, before: r.before, unit: r.unit })) };
}

export interface DigestInput {
  ctx: Context;
  at: Date;
  /** Already rendered lines of the open conversion alerts. */
  openAlerts: string[];
}

export async function composeDigest({ ctx, at, openAlerts }: DigestInput): Promise<Digest> {
  const locale = ctx.workspace.locale;
  const tz = ctx.workspace.timezone;
  const at7 = new Date(at.getTime() - 7 * 86_400_000);
  const period = isoWeekKey(at7, tz);
  const [now, before, funnel, winloss, stale] = await Promise.all([
    must(ctx, { type: 'metrics', period: LAST_WEEK, view: 'activity' }),
    must(ctx, { type: 'metrics', period: WEEK_BEFORE, view: 'activity' }),
    // The chart shows the 90-day cohort funnel: one week of moves is too thin to draw.
    must(ctx, { type: 'funnel' }),
    must(ctx, { type: 'winloss' }),
    must(ctx, { type: 'stale', mine: false }),
  ]);
  const metrics = metricLines(locale, now, before);
  const findings: string[] = (winloss.coaching ?? []).slice(0, 3).map((c: Data) => `  • ${c.sentence}${c.advice ? ` ${c.advice}` : ''}`);
  const byOwner = new Map<string, string[]>();
  for (const d of (stale.deals ?? []) as Data[]) {
    const list = byOwner.get(d.owner) ?? [];
    list.push(`${d.name} (${d.stageName}, ${Math.floor(d.days)}d)`);
    byOwner.set(d.owner, list);
  }
  const staleLines = [...byOwner.entries()].map(([owner, deals]) => `  ${t(locale, 'staleLine', { owner, deals: deals.slice(0, 5).join(', ') })}`);
  const text = [
    t(locale, 'title', { workspace: ctx.workspace.name, period }),
    '',
    t(locale, 'metricsHeader', { period }),
    ...metrics.lines,
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
  const stages: { key: string; label: string; count: number; kind?: 'open' | 'won' }[] = ((funnel.funnel?.stages ?? []) as Data[]).map(
    (s) => ({ key: s.stage, label: s.name, count: s.reached }),
  );
  const wonStage = (await ctx.store.getPipeline(ctx.workspace.id)).find((s) => s.kind === 'won');
  if (stages.length && wonStage && typeof funnel.funnel?.won === 'number') {
    stages.push({ key: wonStage.key, label: wonStage.name, count: funnel.funnel.won, kind: 'won' as const });
  }
  const chartPeriod = funnel.period ? `${funnel.period.from} – ${funnel.period.to}` : period;
  const chart = stages.length
    ? funnelChart({ workspace: ctx.workspace.name, period: chartPeriod, asOf: at, locale, timezone: tz, stages })
    : null;
  return {
    period,
    text,
    chart,
    data: { period, metrics: metrics.rows, findings: winloss.coaching ?? [], openAlerts, stale: stale.deals ?? [] },
  };
}

export function chartSavedText(locale: Locale, path: string): string {
  return t(locale, 'chartSaved', { path });
}
