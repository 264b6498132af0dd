// Texts of `help` shared by several commands: the overview's frame and the detail lines
// (fields, periods, dimensions, …). Each command's own summary is in its file.

import { defineTexts } from '../i18n.js';
import { CONTACT_ROLES, LOST_REASONS, type Locale } from '../model.js';

export const helpText = defineTexts(
  'help',
  {
    title: 'Stagecoach commands:',
    footer: 'Type "help <command>" for details, e.g. help deal move. Quote names with spaces: "Acme Corp".',
    groupTitle: '"{group}" commands:',
    example: 'Example: {example}',
    unknownTopic: 'No help for "{topic}".',
    didYouMean: 'Did you mean: {list}?',
    periods:
      'Periods: week, month, quarter, year, last-week, last-month, last-quarter, last-year, 30d, 90d (default for funnel and metrics), 2026-Q1, 2026-03, 2026, 2026-01-01..2026-03-31, all (default for winloss and competitors). Dates are in the workspace time zone.',
    dimensions:
      'Dimensions (by=): owner, team, industry, source, competitor, tag, size, or <role>-before-<stage> such as dm-before-qualified or dm-or-eb-before-qualified.',
    views:
      'view=cohort (default): the deals created in the period, followed until now. view=activity: what moved during the period.',
    winlossFrom: 'from=<stage>: compare only the closed deals that reached this stage, e.g. from=qualified (default: every closed deal).',
    staleLimits: 'A deal is stale past the 75th percentile of past stays in its stage (or days=<n>); mine: only your deals.',
    fields:
      'Fields: amount (5000, 5,000, 5k, 1.2m, 5万), currency (USD, CNY, EUR), close (YYYY-MM-DD), industry, source, team, owner, tags (a,b,c).',
    notesField: 'Also: notes="<text>".',
    contactRoles: 'Roles: {list} (also dm, eb).',
    lostReasons: 'Reasons: {list}.',
    override: 'Quote reasons with spaces: --override "customer asked".',
  },
  {
    title: 'Stagecoach 命令：',
    footer: '输入 "help <命令>" 查看详情，例如 help deal move。名称含空格时请加引号："Acme Corp"。',
    groupTitle: '"{group}" 相关命令：',
    example: '示例：{example}',
    unknownTopic: '没有关于 "{topic}" 的帮助。',
    didYouMean: '你是不是想输入：{list}？',
    periods:
      '时间段：week、month、quarter、year、last-week、last-month、last-quarter、last-year、30d、90d（funnel 和 metrics 的默认值）、2026-Q1、2026-03、2026、2026-01-01..2026-03-31、all（winloss 和 competitors 的默认值），也可写 本月、上季度 等。日期按工作区时区计算。',
    dimensions:
      '维度（by=）：owner、team、industry、source、competitor、tag、size，或 <角色>-before-<阶段>，例如 dm-before-qualified、dm-or-eb-before-qualified。',
    views: 'view=cohort（默认）：期间内创建的商机，跟踪至今。view=activity：期间内发生的推进。',
    winlossFrom: 'from=<阶段>：只比较到达该阶段的已关闭商机，例如 from=qualified（默认：所有已关闭商机）。',
    staleLimits: '在某阶段停留超过过去停留时间 75 分位（或 days=<n>）即为停滞；mine：只看自己的商机。',
    fields:
      '字段：amount 金额（5000、5,000、5k、1.2m、5万）、currency 币种（USD、CNY、EUR）、close 预计成交日（YYYY-MM-DD）、industry 行业、source 来源、team 团队、owner 负责人、tags 标签（a,b,c）。',
    notesField: '另有：notes="<备注>"。',
    contactRoles: '角色：{list}（也可写 dm、eb 或中文，如 决策者）。',
    lostReasons: '原因：{list}。',
    override: '理由含空格时请加引号：--override "客户要求"。',
  },
);

type DetailKey = 'periods' | 'dimensions' | 'views' | 'winlossFrom' | 'staleLimits' | 'fields' | 'notesField' | 'override';

/** Detail lines for `help <command>`, by key. */
export function details(...keys: DetailKey[]): (locale: Locale) => string[] {
  return (locale) => keys.map((k) => helpText(locale, k));
}

// The codes people type, straight from the model so help never lists a stale set.
export const contactRolesLine = (locale: Locale) => helpText(locale, 'contactRoles', { list: CONTACT_ROLES.join(', ') });
export const lostReasonsLine = (locale: Locale) => helpText(locale, 'lostReasons', { list: LOST_REASONS.join(', ') });
