// Plain-text rendering of alert notifications (English and Chinese), with the evidence,
// the drill-down and a coaching suggestion; `data` carries the same content for rich chat UIs.

import { defineTexts } from '../i18n.js';
import { numberFormat } from '../intl.js';
import type { Locale } from '../model.js';
import type { Dimension, Segment } from './cohorts.js';
import type { AlertEvidence, AlertNotification, DrillDown, NotificationKind, Severity, WindowStats } from './detector.js';

const t = defineTexts(
  'alerts',
  {
    sevInfo: 'Info',
    sevWarning: 'Warning',
    sevCritical: 'Critical',
    dimTeam: 'team',
    dimOwner: 'owner',
    dimSource: 'lead source',
    dimIndustry: 'industry',
    scopeAll: 'all deals',
    scopeSegment: '{dimension} {value}',
    titleFired: '{icon} {severity}: {from} → {to} conversion down {drop} ({scope})',
    titleReminder: '{icon} Still open since {since}, {severity}: {from} → {to} conversion {drop} below its baseline ({scope})',
    titleResolved: '✅ Resolved: {from} → {to} conversion is back to {rate} (baseline {baseline}) ({scope})',
    titleExpired: '⚪ Closed: too few recent deals to judge {from} → {to} ({scope}); the alert was open since {since}',
    current:
      'Now: {converted}/{entered} deals that entered {from} in the weeks of {first} to {last} reached {to} within {days} days = {rate} (95% CI {low}–{high})',
    baseline: 'Before: {converted}/{entered} in the weeks of {first} to {last} = {rate} (95% CI {low}–{high})',
    test: 'One-sided Fisher exact test: p = {p}, q = {q} (Benjamini–Hochberg across {tests} tests)',
    testWindow:
      'One-sided Fisher exact test of the latest {weeks} weeks ({converted}/{entered} vs {baseConverted}/{baseEntered}): p = {p}, q = {q} (Benjamini–Hochberg across {tests} tests)',
    cusum: 'Bernoulli CUSUM: {statistic} (threshold {threshold})',
    whyImmediate: 'Fired at once: the evidence is very strong (q below the immediate threshold).',
    whyCusum: 'Fired by the CUSUM: the drop has built up over the last {weeks} week(s) of cohorts.',
    whyPersistent: 'Fired after {scans} consecutive weekly scans showed the drop.',
    value: 'Open pipeline in {from}: {value}; value at risk ≈ {risk} (open value × rate drop).',
    drill:
      'Drill-down: {dimension} {value} accounts for {share} of the missing conversions with {dealShare} of the deals ({rate} now vs {baseline} before).',
    drillSpread:
      'Drill-down: no single segment stands out; the largest contributor is {dimension} {value} ({share} of the missing conversions, {dealShare} of the deals).',
    suggestOwner:
      'Coaching: review the {from} deals of {value} that stalled in a 1:1 — where do they get stuck before {to}? Join one of their next {from} calls and compare with the stage exit criteria.',
    suggestTeam:
      'Coaching: walk through the stalled {from} deals with team {value}, and check whether the team changed how it qualifies deals for {to}.',
    suggestSource:
      'Coaching: check the quality of leads from {value} with marketing — did targeting, volume or the hand-off change? Qualify {value} deals harder before they reach {from}.',
    suggestIndustry:
      'Coaching: look at the stalled {value} deals in {from} — new objections, competitors or budget cycles? Have reps who still convert {value} deals share their talk track.',
    suggestGeneral:
      'Coaching: the drop is spread across segments — revisit the {from} → {to} exit criteria and playbook with the whole team, and review a sample of stalled {from} deals.',
  },
  {
    sevInfo: '提示',
    sevWarning: '警告',
    sevCritical: '严重',
    dimTeam: '团队',
    dimOwner: '负责人',
    dimSource: '线索来源',
    dimIndustry: '行业',
    scopeAll: '全部商机',
    scopeSegment: '{dimension} {value}',
    titleFired: '{icon} {severity}：{from} → {to} 转化率下降 {drop}（{scope}）',
    titleReminder: '{icon} 自 {since} 起仍未解除，{severity}：{from} → {to} 转化率比基线低 {drop}（{scope}）',
    titleResolved: '✅ 已恢复：{from} → {to} 转化率回到 {rate}（基线 {baseline}）（{scope}）',
    titleExpired: '⚪ 已关闭：近期商机太少，无法判断 {from} → {to}（{scope}）；该告警自 {since} 起开启',
    current:
      '当前：{first} 至 {last} 各周进入 {from} 的商机中，{converted}/{entered} 在 {days} 天内进入 {to}，转化率 {rate}（95% 置信区间 {low}–{high}）',
    baseline: '此前：{first} 至 {last} 各周为 {converted}/{entered}，转化率 {rate}（95% 置信区间 {low}–{high}）',
    test: '单侧 Fisher 精确检验：p = {p}，q = {q}（对 {tests} 个检验做 Benjamini–Hochberg 校正）',
    testWindow:
      '最近 {weeks} 周的单侧 Fisher 精确检验（{converted}/{entered} 对比 {baseConverted}/{baseEntered}）：p = {p}，q = {q}（对 {tests} 个检验做 Benjamini–Hochberg 校正）',
    cusum: '伯努利 CUSUM：{statistic}（阈值 {threshold}）',
    whyImmediate: '立即触发：证据非常强（q 低于立即触发阈值）。',
    whyCusum: '由 CUSUM 触发：下降已在最近 {weeks} 周的批次中累积。',
    whyPersistent: '连续 {scans} 次每周扫描都显示下降，因此触发。',
    value: '{from} 阶段的在途金额：{value}；风险金额约 {risk}（在途金额 × 转化率降幅）。',
    drill: '下钻：{dimension} {value} 占缺失转化的 {share}，占商机数的 {dealShare}（当前 {rate}，此前 {baseline}）。',
    drillSpread: '下钻：没有单一细分明显突出；贡献最大的是 {dimension} {value}（占缺失转化的 {share}，占商机数的 {dealShare}）。',
    suggestOwner:
      '辅导建议：与 {value} 一对一复盘其在 {from} 阶段停滞的商机——进入 {to} 之前卡在哪里？旁听其下一次 {from} 阶段的沟通，并对照该阶段的退出标准。',
    suggestTeam: '辅导建议：与 {value} 团队一起复盘在 {from} 阶段停滞的商机，检查团队推进到 {to} 的资格判断方式是否有变化。',
    suggestSource:
      '辅导建议：与市场团队核查来自 {value} 的线索质量——投放、数量或交接方式是否有变化？在进入 {from} 之前加强对 {value} 商机的资格筛选。',
    suggestIndustry:
      '辅导建议：查看在 {from} 阶段停滞的 {value} 行业商机——是否出现新的异议、竞争对手或预算周期？请仍能顺利转化 {value} 商机的销售分享话术。',
    suggestGeneral:
      '辅导建议：下降分布在各个细分中——请与整个团队重新审视 {from} → {to} 的退出标准和打法，并抽查一批停滞在 {from} 的商机。',
  },
);

type Key = Parameters<typeof t>[1];

const SEVERITY_KEY: Record<Severity, Key> = { info: 'sevInfo', warning: 'sevWarning', critical: 'sevCritical' };
const SEVERITY_ICON: Record<Severity, string> = { info: '🔵', warning: '🟠', critical: '🔴' };
const DIMENSION_KEY: Record<Dimension, Key> = { team: 'dimTeam', owner: 'dimOwner', source: 'dimSource', industry: 'dimIndustry' };
const SUGGEST_KEY: Record<Dimension, Key> = {
  team: 'suggestTeam',
  owner: 'suggestOwner',
  source: 'suggestSource',
  industry: 'suggestIndustry',
};

/** 0.4237 → "42.4%". */
export function formatPercent(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

/** p- and q-values: two significant digits, "<0.0001" below that. */
export function formatProbability(x: number): string {
  if (x < 0.0001) return '<0.0001';
  return String(Number(x.toPrecision(2)));
}

/** CUSUM statistic and threshold: at most two decimals. */
function formatStatistic(x: number): string {
  return String(Number(x.toFixed(2)));
}

function sameWeeks(a: WindowStats, b: WindowStats): boolean {
  return a.firstWeek === b.firstWeek && a.lastWeek === b.lastWeek;
}

function formatMoney(x: number, currency: string | null, locale: Locale): string {
  const n = numberFormat(locale, { maximumFractionDigits: 0 }).format(x);
  return currency ? `${n} ${currency}` : n;
}

export interface RenderOptions {
  /** Display name of a stage key (default: the key itself). */
  stageName?: (key: string) => string;
}

/** Structured content of a rendered alert: the same lines as the text, plus the raw numbers. */
export interface AlertView {
  kind: NotificationKind;
  key: string;
  severity: Severity;
  from: string;
  to: string;
  fromName: string;
  toName: string;
  segment: Segment | null;
  title: string;
  /** Evidence lines (rates, counts, Wilson intervals, test, value at risk). */
  evidence: string[];
  drillDown: string | null;
  suggestion: string | null;
  numbers: AlertEvidence;
  drill: DrillDown | null;
}

export interface RenderedAlert {
  text: string;
  data: AlertView;
}

/** Text (and structured data) of one notification in the given locale. */
export function renderAlert(n: AlertNotification, locale: Locale, options: RenderOptions = {}): RenderedAlert {
  const name = options.stageName ?? ((k: string) => k);
  const from = name(n.from);
  const to = name(n.to);
  const ev = n.evidence;
  const dim = (s: Segment) => t(locale, DIMENSION_KEY[s.dimension]);
  const scope = n.segment === null ? t(locale, 'scopeAll') : t(locale, 'scopeSegment', { dimension: dim(n.segment), value: n.segment.value });
  const severity = t(locale, SEVERITY_KEY[n.severity]);
  const icon = SEVERITY_ICON[n.severity];
  const drop = formatPercent(Math.max(0, ev.relativeDrop));

  const title = (() => {
    switch (n.kind) {
      case 'fired':
        return t(locale, 'titleFired', { icon, severity, from, to, drop, scope });
      case 'reminder':
        return t(locale, 'titleReminder', { icon, severity, from, to, drop, scope, since: n.openedAt });
      case 'resolved':
        return t(locale, 'titleResolved', { from, to, scope, rate: formatPercent(ev.current.rate), baseline: formatPercent(ev.baseline.rate) });
      case 'expired':
        return t(locale, 'titleExpired', { from, to, scope, since: n.openedAt });
    }
  })();

  const windowParams = (w: WindowStats) => ({
    converted: w.converted,
    entered: w.entered,
    first: w.firstWeek,
    last: w.lastWeek,
    rate: formatPercent(w.rate),
    low: formatPercent(w.wilsonLow),
    high: formatPercent(w.wilsonHigh),
  });
  const evidence: string[] = [];
  if (ev.current.entered > 0) evidence.push(t(locale, 'current', { ...windowParams(ev.current), from, to, days: ev.maturityDays }));
  evidence.push(t(locale, 'baseline', windowParams(ev.baseline)));
  if (n.kind === 'fired') {
    const fisher = ev.fisher;
    if (fisher) {
      const test = { p: formatProbability(fisher.pValue), q: formatProbability(fisher.qValue), tests: fisher.tests };
      const sameWindows = sameWeeks(fisher.current, ev.current) && sameWeeks(fisher.baseline, ev.baseline);
      evidence.push(
        sameWindows
          ? t(locale, 'test', test)
          : t(locale, 'testWindow', {
              ...test,
              weeks: fisher.current.weeks,
              converted: fisher.current.converted,
              entered: fisher.current.entered,
              baseConverted: fisher.baseline.converted,
              baseEntered: fisher.baseline.entered,
            }),
      );
    }
    if (ev.cusum && ev.trigger === 'cusum') {
      evidence.push(t(locale, 'cusum', { statistic: formatStatistic(ev.cusum.statistic), threshold: formatStatistic(ev.cusum.threshold) }));
    }
    if (ev.trigger === 'immediate') evidence.push(t(locale, 'whyImmediate'));
    else if (ev.trigger === 'cusum') evidence.push(t(locale, 'whyCusum', { weeks: ev.current.weeks }));
    else if (ev.trigger === 'persistent') evidence.push(t(locale, 'whyPersistent', { scans: ev.signalScans }));
  }
  if ((n.kind === 'fired' || n.kind === 'reminder') && ev.openValue !== null && ev.valueAtRisk !== null) {
    evidence.push(t(locale, 'value', { from, value: formatMoney(ev.openValue, n.currency, locale), risk: formatMoney(ev.valueAtRisk, n.currency, locale) }));
  }

  let drillDown: string | null = null;
  let suggestion: string | null = null;
  if (n.kind === 'fired' || n.kind === 'reminder') {
    const d = n.drillDown;
    if (d) {
      const params = {
        dimension: dim(d.top.segment),
        value: d.top.segment.value,
        share: formatPercent(Math.min(1, d.top.dropShare)),
        dealShare: formatPercent(d.top.dealShare),
        rate: formatPercent(d.top.rate),
        baseline: formatPercent(d.top.baselineRate),
      };
      drillDown = t(locale, d.concentrated ? 'drill' : 'drillSpread', params);
    }
    const focus: Segment | null = n.segment ?? (d?.concentrated ? d.top.segment : null);
    suggestion = focus ? t(locale, SUGGEST_KEY[focus.dimension], { value: focus.value, from, to }) : t(locale, 'suggestGeneral', { from, to });
  }

  const lines = [title, ...evidence, ...(drillDown ? [drillDown] : []), ...(suggestion ? [suggestion] : [])];
  return {
    text: lines.join('\n'),
    data: {
      kind: n.kind,
      key: n.key,
      severity: n.severity,
      from: n.from,
      to: n.to,
      fromName: from,
      toName: to,
      segment: n.segment,
      title,
      evidence,
      drillDown,
      suggestion,
      numbers: ev,
      drill: n.drillDown,
    },
  };
}
