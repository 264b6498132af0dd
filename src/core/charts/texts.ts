// Chart titles, legends and axis texts, in every locale.

import { defineTexts } from '../i18n.js';

export const chartText = defineTexts(
  'charts',
  {
    subtitle: '{period} · data as of {asOf}',
    noData: 'No data for this period',

    funnelTitle: 'Sales funnel · {workspace}',
    funnelDropOff: '↓ {pct} drop-off',
    funnelGain: '↑ {pct} more',
    funnelOverall: '{first} → {last}: {pct} overall',

    trendTitle: 'Weekly conversion {from} → {to} · {workspace}',
    trendRate: 'Conversion rate',
    trendInterval: '95% interval (Wilson)',
    trendAverage: 'Period average {pct}',
    trendAxis: 'Conversion rate (%)',
    trendWeeks: 'Week starting (n = deals that entered {from})',
    trendWeekN: 'n={n}',

    pipelineTitle: 'Open pipeline value by stage · {workspace}',
    pipelineRaw: 'Pipeline value',
    pipelineWeighted: 'Weighted value',
    pipelineAxis: 'Value ({currency})',
    pipelineTotals: 'Total {raw} · weighted {weighted}',
    pipelineStageValues: '{raw} / {weighted}',

    winTitle: 'Win rate by {dimension} · {workspace}',
    winRate: 'Win rate',
    winInterval: '95% interval (Wilson)',
    winOverall: 'Overall {pct}',
    winAxis: 'Win rate of closed deals (%)',
    winRowValue: '{won}/{closed} won · {pct}',
    winRowEmpty: 'no closed deals',
    winOthers: 'Others ({count})',

    dim_industry: 'industry',
    dim_team: 'team',
    dim_owner: 'rep',
    dim_source: 'lead source',
    dim_competitor: 'competitor',
    dim_contactRole: 'contact role',
    dim_lostReason: 'lost reason',
  },
  {
    subtitle: '{period} · 数据截至 {asOf}',
    noData: '本期间无数据',

    funnelTitle: '销售漏斗 · {workspace}',
    funnelDropOff: '↓ 流失 {pct}',
    funnelGain: '↑ 增加 {pct}',
    funnelOverall: '{first} → {last}：总转化率 {pct}',

    trendTitle: '每周转化率 {from} → {to} · {workspace}',
    trendRate: '转化率',
    trendInterval: '95% 置信区间（Wilson）',
    trendAverage: '期间平均 {pct}',
    trendAxis: '转化率（%）',
    trendWeeks: '周起始日（n = 进入{from}的商机数）',
    trendWeekN: 'n={n}',

    pipelineTitle: '各阶段在途管道金额 · {workspace}',
    pipelineRaw: '管道金额',
    pipelineWeighted: '加权金额',
    pipelineAxis: '金额（{currency}）',
    pipelineTotals: '合计 {raw} · 加权 {weighted}',
    pipelineStageValues: '{raw} / {weighted}',

    winTitle: '按{dimension}的赢单率 · {workspace}',
    winRate: '赢单率',
    winInterval: '95% 置信区间（Wilson）',
    winOverall: '整体 {pct}',
    winAxis: '已结束商机的赢单率（%）',
    winRowValue: '{closed} 单中赢 {won} 单 · {pct}',
    winRowEmpty: '无已结束商机',
    winOthers: '其他（{count}）',

    dim_industry: '行业',
    dim_team: '团队',
    dim_owner: '销售代表',
    dim_source: '线索来源',
    dim_competitor: '竞争对手',
    dim_contactRole: '联系人角色',
    dim_lostReason: '丢单原因',
  },
);

export type ChartTextKey = Parameters<typeof chartText>[1];

/** The dimension's name in the locale when it is a known one, else the text as given. */
export function dimensionName(locale: Parameters<typeof chartText>[0], dimension: string): string {
  const key = `dim_${dimension}`;
  return isTextKey(key) ? chartText(locale, key) : dimension;
}

const DIMENSION_KEYS = new Set<string>([
  'dim_industry',
  'dim_team',
  'dim_owner',
  'dim_source',
  'dim_competitor',
  'dim_contactRole',
  'dim_lostReason',
]);

function isTextKey(key: string): key is ChartTextKey {
  return DIMENSION_KEYS.has(key);
}
