// Help texts: `help` gives a compact overview, `help <command>` the usage, a short
// explanation and one example. Command syntax stays English in every locale.

import { defineTexts } from './i18n.js';
import { CONTACT_ROLES, LOST_REASONS, type Locale } from './model.js';
import { suggest } from './suggest.js';

interface CommandDoc {
  key: string;
  usage: string;
  example: string;
}

const DOCS: readonly CommandDoc[] = [
  {
    key: 'deal new',
    usage: 'deal new <name> [amount] [key=value ...]',
    example: 'deal new "Acme Corp" 50k currency=USD close=2026-06-30',
  },
  {
    key: 'deal move',
    usage: 'deal move <name> <stage> [--override "<reason>"]',
    example: 'deal move "Acme Corp" proposal',
  },
  {
    key: 'deal set',
    usage: 'deal set <name> key=value [key=value ...]',
    example: 'deal set "Acme Corp" amount=80k close=2026-07-15',
  },
  {
    key: 'deal contact',
    usage: 'deal contact <name> "<person>" role=<role> [title="<title>"]',
    example: 'deal contact "Acme Corp" "Jane Doe" role=decision_maker title="VP Sales"',
  },
  {
    key: 'deal competitor',
    usage: 'deal competitor <name> <competitor|none>',
    example: 'deal competitor "Acme Corp" Globex',
  },
  { key: 'deal tag', usage: 'deal tag <name> <tag> [<tag> ...]', example: 'deal tag "Acme Corp" enterprise q3' },
  {
    key: 'deal won',
    usage: 'deal won <name> [amount] [--override "<reason>"]',
    example: 'deal won "Acme Corp" 75k',
  },
  {
    key: 'deal lost',
    usage:
      'deal lost <name> reason=<reason> [competitor=<name>] [note="<text>"] [--override "<reason>"]',
    example: 'deal lost "Acme Corp" reason=competitor competitor=Globex',
  },
  { key: 'deal show', usage: 'deal show <name>', example: 'deal show "Acme Corp"' },
  { key: 'deal history', usage: 'deal history <name>', example: 'deal history "Acme Corp"' },
  {
    key: 'deal list',
    usage: 'deal list [mine | all | stage=<stage> | owner=<user>]',
    example: 'deal list stage=proposal',
  },
  { key: 'gates show', usage: 'gates show', example: 'gates show' },
  {
    key: 'gates set',
    usage: 'gates set <stage> require <requirement> [<requirement> ...]',
    example: 'gates set proposal require amount close_date decision_maker',
  },
  { key: 'stage list', usage: 'stage list', example: 'stage list' },
  { key: 'stage add', usage: 'stage add <stage> [after=<stage>]', example: 'stage add pilot after=proposal' },
  { key: 'stage rename', usage: 'stage rename <old> <new>', example: 'stage rename pilot trial' },
  { key: 'stage remove', usage: 'stage remove <stage>', example: 'stage remove trial' },
  { key: 'stage move', usage: 'stage move <stage> after=<stage>', example: 'stage move pilot after=qualified' },
  { key: 'role set', usage: 'role set <user> <rep|manager|admin>', example: 'role set alice manager' },
  { key: 'role list', usage: 'role list', example: 'role list' },
  { key: 'digest subscribe', usage: 'digest subscribe', example: 'digest subscribe' },
  { key: 'digest unsubscribe', usage: 'digest unsubscribe', example: 'digest unsubscribe' },
  { key: 'digest now', usage: 'digest now', example: 'digest now' },
  { key: 'digest status', usage: 'digest status', example: 'digest status' },
  {
    key: 'funnel',
    usage: 'funnel [period] [by=<dimension>] [view=cohort|activity]',
    example: 'funnel quarter by=source',
  },
  {
    key: 'metrics',
    usage: 'metrics [period] [by=<dimension>] [view=cohort|activity]',
    example: 'metrics 2026-Q1 by=owner',
  },
  {
    key: 'winloss',
    usage: 'winloss [period] [by=<dimension>] [from=<stage>] [view=cohort|activity]',
    example: 'winloss by=dm-before-qualified',
  },
  { key: 'competitors', usage: 'competitors [period] [view=cohort|activity]', example: 'competitors last-quarter' },
  { key: 'stale', usage: 'stale [mine | owner=<user>] [days=<n>]', example: 'stale mine' },
  { key: 'help', usage: 'help [<command>]', example: 'help deal move' },
];

const GROUPS = ['deal', 'gates', 'stage', 'role', 'digest', 'funnel', 'metrics', 'winloss', 'competitors', 'stale', 'help'] as const;

const TOPIC_ALIASES: Record<string, string> = {
  deals: 'deal',
  gate: 'gates',
  stages: 'stage',
  roles: 'role',
  'stage rm': 'stage remove',
  'stage delete': 'stage remove',
  'stage ls': 'stage list',
  'deal ls': 'deal list',
  'role ls': 'role list',
  'win-loss': 'winloss',
  competitor: 'competitors',
  metric: 'metrics',
  funnels: 'funnel',
  漏斗: 'funnel',
  指标: 'metrics',
};

const t = defineTexts(
  'help',
  {
    title: 'Stagecoach commands:',
    footer: 'Type "help <command>" for details, e.g. help deal move. Quote names with spaces: "Acme Corp".',
    groupTitle: '"{group}" commands:',
    example: 'Example: {example}',
    unknownTopic: 'No help for "{topic}".',
    didYouMean: 'Did you mean: {list}?',
    'deal new': 'Create a deal; optionally give the amount and more fields.',
    'deal move': 'Move a deal to another stage. Managers may skip a gate with --override and a reason.',
    'deal set': 'Change fields of a deal.',
    'deal contact': 'Add or update a contact person on a deal.',
    'deal competitor': 'Record a competitor on a deal, or "none" when there is none.',
    'deal tag': 'Add tags to a deal.',
    'deal won': 'Mark a deal as won, optionally with the final amount.',
    'deal lost': 'Mark a deal as lost with a reason.',
    'deal show': 'Show a deal.',
    'deal history': 'Show the stage history of a deal.',
    'deal list': 'List deals: yours (default), all, by stage or by owner.',
    'gates show': 'Show what each stage requires.',
    'gates set': 'Set what a stage requires ("require none" clears it).',
    'stage list': 'List the pipeline stages.',
    'stage add': 'Add a stage (at the end of the open stages, or after another one).',
    'stage rename': 'Rename a stage.',
    'stage remove': 'Remove a stage that no deal is in.',
    'stage move': 'Move a stage after another one.',
    'role set': 'Give a member a role.',
    'role list': 'List members and their roles.',
    'digest subscribe': 'Post the weekly digest (funnel chart, metrics, coaching, alerts, stale deals) to this channel.',
    'digest unsubscribe': 'Stop the weekly digest in this channel.',
    'digest now': 'Build the digest now and post it here.',
    'digest status': 'Show which channels get the digest and when.',
    help: 'Show this help, or the help of one command.',
    funnel: 'The funnel: how many deals reached each stage, converted to the next, were lost there, and how long they stayed.',
    metrics: 'The eight funnel metrics: conversions, qualified win rate, sales cycle, qualified per win, deal size, pipeline value and forecast.',
    winloss: 'Win/loss factors: which owners, sources, competitors, contact roles ... go with winning, tested for chance, as coaching tips.',
    competitors: 'Deals, win rate and value won and lost against each competitor.',
    stale: 'Open deals sitting in their stage longer than usual (the 75th percentile of past stays), with their owner.',
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
    'deal new': '新建商机，可同时填写金额和其他字段。',
    'deal move': '把商机推进到另一个阶段。经理可用 --override 加理由跳过阶段门槛。',
    'deal set': '修改商机的字段。',
    'deal contact': '为商机添加或更新联系人。',
    'deal competitor': '记录商机的竞争对手；没有竞争对手时写 none。',
    'deal tag': '给商机添加标签。',
    'deal won': '将商机标记为赢单，可附上最终金额。',
    'deal lost': '将商机标记为输单，并注明原因。',
    'deal show': '查看商机。',
    'deal history': '查看商机的阶段变更历史。',
    'deal list': '列出商机：我的（默认）、全部、按阶段或按负责人。',
    'gates show': '查看每个阶段的准入要求。',
    'gates set': '设置阶段的准入要求（"require none" 表示清空）。',
    'stage list': '列出销售流程的所有阶段。',
    'stage add': '添加阶段（默认放在进行中阶段的最后，或放在指定阶段之后）。',
    'stage rename': '重命名阶段。',
    'stage remove': '删除没有商机的阶段。',
    'stage move': '把阶段移到另一个阶段之后。',
    'role set': '设置成员的角色。',
    'role list': '列出成员及其角色。',
    'digest subscribe': '在本频道接收每周简报（漏斗图、指标、辅导建议、预警、停滞商机）。',
    'digest unsubscribe': '本频道不再接收每周简报。',
    'digest now': '立即生成简报并发到这里。',
    'digest status': '查看哪些频道接收简报，以及发送时间。',
    help: '显示帮助，或某个命令的帮助。',
    funnel: '销售漏斗：到达各阶段的商机数、向下一阶段的转化率、在该阶段输单的比例及停留时间。',
    metrics: '八项漏斗指标：各项转化率、合格机会赢单率、销售周期、每个赢单对应的合格机会数、平均成交额、在途金额及加权预测。',
    winloss: '赢单/输单因素：哪些负责人、来源、竞争对手、联系人角色等与赢单相关（经过偶然性检验），并给出辅导建议。',
    competitors: '面对每个竞争对手的商机数、赢单率、赢单和输单金额。',
    stale: '在当前阶段停留时间超过常规（过去停留时间的 75 分位）的进行中商机及其负责人。',
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

type DocKey = Parameters<typeof t>[1];

// The codes people type, straight from the model so help never lists a stale set.
const CONTACT_ROLE_LIST = CONTACT_ROLES.join(', ');
const LOST_REASON_LIST = LOST_REASONS.join(', ');

/** Extra lines shown under `help <command>` for some commands. */
function extras(locale: Locale, key: string): string[] {
  switch (key) {
    case 'deal new':
      return [t(locale, 'fields')];
    case 'deal set':
      return [t(locale, 'fields'), t(locale, 'notesField')];
    case 'deal contact':
      return [t(locale, 'contactRoles', { list: CONTACT_ROLE_LIST })];
    case 'deal lost':
      return [t(locale, 'lostReasons', { list: LOST_REASON_LIST }), t(locale, 'override')];
    case 'deal move':
    case 'deal won':
      return [t(locale, 'override')];
    case 'funnel':
    case 'metrics':
      return [t(locale, 'periods'), t(locale, 'dimensions'), t(locale, 'views')];
    case 'winloss':
      return [t(locale, 'periods'), t(locale, 'dimensions'), t(locale, 'winlossFrom'), t(locale, 'views')];
    case 'competitors':
      return [t(locale, 'periods'), t(locale, 'views')];
    case 'stale':
      return [t(locale, 'staleLimits')];
    default:
      return [];
  }
}

function normalizeTopic(topic: string): string {
  const words = topic
    .trim()
    .replace(/^\//, '')
    .toLowerCase()
    .split(/\s+/u)
    .filter((w) => w.length > 0);
  const first = words[0];
  const alias = (w: string): string | undefined => (Object.hasOwn(TOPIC_ALIASES, w) ? TOPIC_ALIASES[w] : undefined);
  if (first !== undefined) words[0] = alias(first) ?? first;
  const joined = words.join(' ');
  return alias(joined) ?? joined;
}

function groupOf(key: string): string {
  return key.split(' ')[0] ?? key;
}

/**
 * Usage line(s) for a command key: 'deal move' → one line; a group ('deal') → every
 * line of that group; '' or an unknown key → a one-line-per-group overview.
 */
export function usageOf(commandKey: string): string {
  const key = normalizeTopic(commandKey);
  const doc = DOCS.find((d) => d.key === key);
  if (doc) return doc.usage;
  const group = DOCS.filter((d) => groupOf(d.key) === key);
  if (group.length > 0) return group.map((d) => d.usage).join('\n');
  return GROUPS.map((g) => {
    const single = DOCS.find((d) => d.key === g);
    if (single) return single.usage;
    const subs = DOCS.filter((d) => groupOf(d.key) === g).map((d) => d.key.slice(g.length + 1));
    return `${g} ${subs.join('|')} ...`;
  }).join('\n');
}

function overview(locale: Locale): string {
  const lines = [t(locale, 'title')];
  for (const d of DOCS) lines.push(`  ${d.usage}`);
  lines.push('', t(locale, 'footer'));
  return lines.join('\n');
}

function describe(locale: Locale, d: CommandDoc): string {
  return t(locale, d.key as DocKey);
}

/** `help` (no topic) → overview; `help deal` → that group; `help deal move` → details. */
export function helpText(locale: Locale, topic?: string): string {
  const key = topic === undefined ? '' : normalizeTopic(topic);
  if (key === '') return overview(locale);

  const doc = DOCS.find((d) => d.key === key);
  if (doc) {
    return [doc.usage, describe(locale, doc), ...extras(locale, doc.key), t(locale, 'example', { example: doc.example })].join(
      '\n',
    );
  }

  const group = DOCS.filter((d) => groupOf(d.key) === key);
  if (group.length > 0) {
    const lines = [t(locale, 'groupTitle', { group: key })];
    for (const d of group) lines.push(`  ${d.usage}`, `    ${describe(locale, d)}`);
    lines.push('', t(locale, 'example', { example: group[0]?.example ?? '' }));
    return lines.join('\n');
  }

  const candidates = [...GROUPS, ...DOCS.map((d) => d.key)];
  const near = suggest(key, candidates);
  const head = [t(locale, 'unknownTopic', { topic: topic?.trim() ?? '' })];
  if (near.length > 0) head.push(t(locale, 'didYouMean', { list: near.join(', ') }));
  return [...head, '', overview(locale)].join('\n');
}

/** Every documented command key (e.g. 'deal move'), in help order. */
export function commandKeys(): string[] {
  return DOCS.map((d) => d.key);
}
