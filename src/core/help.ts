// Help texts: `help` gives a compact overview, `help <command>` the usage, a short
// explanation and one example. Command syntax stays English in every locale.

import { defineTexts } from './i18n.js';
import type { Locale } from './model.js';
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
  { key: 'help', usage: 'help [<command>]', example: 'help deal move' },
];

const GROUPS = ['deal', 'gates', 'stage', 'role', 'help'] as const;

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
    help: 'Show this help, or the help of one command.',
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
    help: '显示帮助，或某个命令的帮助。',
    fields:
      '字段：amount 金额（5000、5,000、5k、1.2m、5万）、currency 币种（USD、CNY、EUR）、close 预计成交日（YYYY-MM-DD）、industry 行业、source 来源、team 团队、owner 负责人、tags 标签（a,b,c）。',
    notesField: '另有：notes="<备注>"。',
    contactRoles: '角色：{list}（也可写 dm、eb 或中文，如 决策者）。',
    lostReasons: '原因：{list}。',
    override: '理由含空格时请加引号：--override "客户要求"。',
  },
);

type DocKey = Parameters<typeof t>[1];

const CONTACT_ROLE_LIST = 'decision_maker, economic_buyer, champion, influencer, user, blocker';
const LOST_REASON_LIST = 'price, competitor, no_decision, timing, no_budget, other';

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
    if (g === 'help') return 'help [<command>]';
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
