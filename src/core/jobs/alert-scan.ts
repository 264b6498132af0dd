// The daily conversion-drop scan: stays from storage → maturity windows → matured
// weekly cohorts → the detector (src/core/alerts) → state saved, notifications rendered
// with their evidence and drill-down.

import {
  buildCohorts,
  DEFAULT_ALERT_PARAMS,
  maturityWindows,
  mergeAlertParams,
  scan,
  type AlertNotification,
  type AlertParams,
  type AlertState,
  type StageStay,
} from '../alerts/index.js';
import { defineTexts } from '../i18n.js';
import type { Locale, Pipeline } from '../model.js';
import type { Context } from '../usecases/index.js';
import { localDateKey } from './schedule.js';
import type { AlertScanner } from './handlers.js';

export interface AlertData {
  stays(workspaceId: string, pipeline: Pipeline, since: Date): Promise<{ stays: StageStay[]; durations: Record<string, number[]> }>;
  openValue(workspaceId: string): Promise<Record<string, number>>;
  loadState(workspaceId: string): Promise<AlertState[]>;
  saveState(workspaceId: string, states: readonly AlertState[], at: Date): Promise<void>;
}

const t = defineTexts(
  'alerts-render',
  {
    fired: '⚠ Conversion drop ({severity}): {from} → {to}{segment}',
    reminder: '⚠ Still open ({severity}): {from} → {to}{segment}',
    resolved: '✓ Recovered: {from} → {to}{segment}',
    expired: 'Closed for lack of data: {from} → {to}{segment}',
    evidence:
      'Converted {rate}% ({converted}/{entered}, 95% CI {low}–{high}%) in {currentWeeks} matured weeks vs {baseRate}% ({baseConverted}/{baseEntered}) in the {baseWeeks} before: {drop}% lower.',
    significance: 'q = {q} across {tests} tests.',
    atRisk: 'Open value in {from} not expected to advance: {value}.',
    drill: 'Most of it: {segment} ({share}% of the missing conversions; {rate}% vs {baseRate}% before).',
    coach: 'Coaching: review the {from} deals of {segment} together: which step is skipped, which information is missing before {to}?',
    coachAll: 'Coaching: the drop is spread across the team; check what changed in the {from} stage (lead quality, a new competitor, pricing).',
    openLine: '{from} → {to}{segment}: below its baseline of {baseRate}% since {since}',
  },
  {
    fired: '⚠ 转化率下降（{severity}）：{from} → {to}{segment}',
    reminder: '⚠ 仍未恢复（{severity}）：{from} → {to}{segment}',
    resolved: '✓ 已恢复：{from} → {to}{segment}',
    expired: '因数据不足关闭：{from} → {to}{segment}',
    evidence:
      '最近 {currentWeeks} 个已成熟周的转化率为 {rate}%（{converted}/{entered}，95% 置信区间 {low}–{high}%），此前 {baseWeeks} 周为 {baseRate}%（{baseConverted}/{baseEntered}）：下降 {drop}%。',
    significance: '在 {tests} 项检验中 q = {q}。',
    atRisk: '{from} 阶段预计无法推进的在途金额：{value}。',
    drill: '主要来自：{segment}（占缺失转化的 {share}%；{rate}%，此前 {baseRate}%）。',
    coach: '辅导建议：和 {segment} 一起复盘 {from} 阶段的商机：哪一步被跳过了？进入 {to} 前缺少哪些信息？',
    coachAll: '辅导建议：下降分布在整个团队；检查 {from} 阶段发生了什么变化（线索质量、新竞争对手、价格）。',
    openLine: '{from} → {to}{segment}：自 {since} 起低于基线 {baseRate}%',
  },
);

const p1 = (x: number) => (Math.round(x * 1000) / 10).toString();

function segmentText(segment: { dimension: string; value: string } | null): string {
  return segment ? ` · ${segment.dimension}=${segment.value}` : '';
}

function stageName(pipeline: Pipeline, key: string): string {
  return pipeline.find((s) => s.key === key)?.name ?? key;
}

export function renderNotification(n: AlertNotification, pipeline: Pipeline, locale: Locale): string {
  const from = stageName(pipeline, n.from);
  const to = stageName(pipeline, n.to);
  const e = n.evidence;
  const lines = [
    t(locale, n.kind, { severity: n.severity, from, to, segment: segmentText(n.segment) }),
    t(locale, 'evidence', {
      rate: p1(e.current.rate),
      converted: e.current.converted,
      entered: e.current.entered,
      low: p1(e.current.wilsonLow),
      high: p1(e.current.wilsonHigh),
      currentWeeks: e.current.weeks,
      baseRate: p1(e.baseline.rate),
      baseConverted: e.baseline.converted,
      baseEntered: e.baseline.entered,
      baseWeeks: e.baseline.weeks,
      drop: p1(e.relativeDrop),
    }),
  ];
  if (e.qValue !== null) lines.push(t(locale, 'significance', { q: e.qValue.toPrecision(2), tests: e.tests }));
  if (e.valueAtRisk !== null && e.valueAtRisk > 0) {
    lines.push(t(locale, 'atRisk', { from, value: `${Math.round(e.valueAtRisk).toLocaleString(locale)}${n.currency ? ` ${n.currency}` : ''}` }));
  }
  if (n.kind === 'fired' || n.kind === 'reminder') {
    const top = n.drillDown?.top;
    if (top) {
      const segment = `${top.segment.dimension}=${top.segment.value}`;
      lines.push(t(locale, 'drill', { segment, share: p1(Math.min(1, top.dropShare)), rate: p1(top.rate), baseRate: p1(top.baselineRate) }));
      lines.push(n.drillDown?.concentrated ? t(locale, 'coach', { from, to, segment }) : t(locale, 'coachAll', { from }));
    } else if (n.segment) {
      lines.push(t(locale, 'coach', { from, to, segment: `${n.segment.dimension}=${n.segment.value}` }));
    } else {
      lines.push(t(locale, 'coachAll', { from }));
    }
  }
  return lines.join('\n');
}

/** Per-workspace overrides live in settings.alerts; bad values fall back to the defaults. */
export function workspaceParams(settings: Record<string, unknown>): AlertParams {
  try {
    return settings.alerts ? mergeAlertParams(settings.alerts as never) : DEFAULT_ALERT_PARAMS;
  } catch {
    return DEFAULT_ALERT_PARAMS;
  }
}

const HISTORY_DAYS = 7 * 40;

export function alertScanner(data: AlertData): AlertScanner {
  return {
    async scan(ctx: Context, asOf: Date) {
      const ws = ctx.workspace.id;
      const [pipeline, settings, previous, openValue] = await Promise.all([
        ctx.store.getPipeline(ws),
        ctx.store.getSettings(ws),
        data.loadState(ws),
        data.openValue(ws),
      ]);
      const params = workspaceParams(settings);
      const { stays, durations } = await data.stays(ws, pipeline, new Date(asOf.getTime() - HISTORY_DAYS * 86_400_000));
      const asOfDay = localDateKey(asOf, ctx.workspace.timezone);
      const series = buildCohorts(stays, {
        asOf: asOfDay,
        maturityDays: maturityWindows(durations, params),
        weeks: params.currentWeeks + params.baselineWeeks + 2,
        openValue,
      });
      const result = scan({ series }, previous, params, asOfDay);
      await data.saveState(ws, result.state, asOf);
      const locale = ctx.workspace.locale;
      return {
        notifications: result.notifications.map((n) => ({
          key: n.key,
          kind: n.kind,
          asOf: n.asOf,
          text: renderNotification(n, pipeline, locale),
          data: { alert: n },
        })),
      };
    },
    async openAlerts(ctx: Context) {
      const ws = ctx.workspace.id;
      const [states, pipeline] = await Promise.all([data.loadState(ws), ctx.store.getPipeline(ws)]);
      return states
        .filter((s) => s.status === 'open' && s.baseline)
        .map((s) =>
          t(ctx.workspace.locale, 'openLine', {
            from: stageName(pipeline, s.from),
            to: stageName(pipeline, s.to),
            segment: segmentText(s.segment),
            baseRate: p1(s.baseline?.rate ?? 0),
            since: (s.openedAt ?? '').slice(0, 10),
          }),
        );
    },
  };
}
