// Usage errors raised while parsing. Parsing code throws UsageError (never anything
// else on purpose); parseCommand turns it into a localized USAGE reply.

import { usageOf } from '../help.js';
import { defineTexts, type Params } from '../i18n.js';
import type { Locale } from '../model.js';
import { fail, type Reply } from '../reply.js';

const t = defineTexts(
  'parser',
  {
    empty: 'Type a command, or "help" to see them all.',
    tooLong: 'That message is too long ({max} characters at most).',
    unterminatedQuote: 'A quote is opened but never closed.',
    unknownCommand: 'Unknown command "{word}".',
    unknownSubcommand: 'Unknown "{group}" command "{word}".',
    missingSubcommand: 'What should "{group}" do?',
    missingArg: 'Missing {arg}.',
    unexpectedArg: 'Unexpected "{word}" (quote names that contain spaces).',
    unknownKey: 'Unknown field "{key}".',
    unknownDimension: '"{key}" is not a dimension. Split by owner, team, industry, source, competitor, tag, size, or a contact role before a stage (e.g. dm-before-qualified).',
    duplicateKey: '"{key}" is given twice.',
    missingKey: 'Missing {key}=….',
    noFields: 'Give at least one field to change, e.g. amount=5000.',
    unknownFlag: 'Unknown option "{flag}".',
    duplicateFlag: 'Option "{flag}" is given twice.',
    missingOverride: '--override needs a reason, e.g. --override "customer asked".',
    badAmount: '"{value}" is not an amount. Use e.g. 5000, 5,000, 5000.50, 5k or 1.2m.',
    amountPositive: 'The amount must be greater than 0.',
    amountNegative: 'The amount cannot be negative.',
    amountTooSmall: '"{value}" rounds to 0: amounts are kept to the cent (0.01).',
    amountTooLarge: '"{value}" is too large (at most {max}).',
    badCurrency: '"{value}" is not a currency code; use 3 letters such as USD, CNY or EUR.',
    badDate: '"{value}" is not a valid date; use YYYY-MM-DD, e.g. 2026-03-31.',
    yearOutOfRange: '"{value}": the year must be between {min} and {max}.',
    badCharacter: 'Character {position} of the message is a control character ({code}), which cannot be stored. Remove it and try again.',
    badCharacterIn: '{field} contains a control character ({code}) at character {position}, which cannot be stored.',
    invisibleName: '{field} must contain a visible character (not only spaces, zero-width or direction marks).',
    emptyValue: '{field} cannot be empty.',
    valueTooLong: '{field} is too long ({max} characters at most).',
    noTags: 'Give at least one tag.',
    badContactRole: '"{value}" is not a contact role. Valid roles: {list}.',
    badLostReason: '"{value}" is not a lost reason. Valid reasons: {list}.',
    badUserRole: '"{value}" is not a role. Valid roles: {list}.',
    reasonTwice: 'Give the reason once: either reason=… or as a word after the name.',
    requireKeyword: 'Write "require" before the requirements, e.g. gates set proposal require amount.',
    noRequirements: 'List the requirements, or "none" to clear them.',
    noneMixed: '"none" cannot be combined with other requirements.',
    oneFilter: 'Give at most one filter.',
    internal: 'Sorry, I could not understand that command.',
    didYouMean: 'Did you mean: {list}?',
    usage: 'Usage: {usage}',
  },
  {
    empty: '请输入命令，或输入 "help" 查看全部命令。',
    tooLong: '消息太长了（最多 {max} 个字符）。',
    unterminatedQuote: '有一个引号没有闭合。',
    unknownCommand: '未知命令 "{word}"。',
    unknownSubcommand: '"{group}" 没有 "{word}" 这个命令。',
    missingSubcommand: '"{group}" 后面要接什么操作？',
    missingArg: '缺少 {arg}。',
    unexpectedArg: '多余的参数 "{word}"（名称含空格时请加引号）。',
    unknownKey: '未知字段 "{key}"。',
    unknownDimension: '"{key}" 不是可用的维度。可按 owner（负责人）、team（团队）、industry（行业）、source（来源）、competitor（竞争对手）、tag（标签）、size（金额区间）拆分，或按某阶段前的联系人角色（例如 dm-before-qualified）。',
    duplicateKey: '"{key}" 重复出现了。',
    missingKey: '缺少 {key}=…。',
    noFields: '请至少给出一个要修改的字段，例如 amount=5000。',
    unknownFlag: '未知选项 "{flag}"。',
    duplicateFlag: '选项 "{flag}" 重复出现了。',
    missingOverride: '--override 需要一个理由，例如 --override "客户要求"。',
    badAmount: '"{value}" 不是有效金额。可以写 5000、5,000、5000.50、5k、1.2m 或 5万。',
    amountPositive: '金额必须大于 0。',
    amountNegative: '金额不能为负数。',
    amountTooSmall: '"{value}" 四舍五入后为 0：金额精确到分（0.01）。',
    amountTooLarge: '"{value}" 太大了（最多 {max}）。',
    badCurrency: '"{value}" 不是币种代码，请用 3 个字母，例如 USD、CNY、EUR。',
    badDate: '"{value}" 不是有效日期，请用 YYYY-MM-DD 格式，例如 2026-03-31。',
    yearOutOfRange: '"{value}"：年份必须在 {min} 到 {max} 之间。',
    badCharacter: '消息的第 {position} 个字符是控制字符（{code}），无法保存。请删除后重试。',
    badCharacterIn: '{field} 的第 {position} 个字符是控制字符（{code}），无法保存。',
    invisibleName: '{field} 必须包含可见字符（不能只有空格、零宽字符或方向控制符）。',
    emptyValue: '{field} 不能为空。',
    valueTooLong: '{field} 太长了（最多 {max} 个字符）。',
    noTags: '请至少给出一个标签。',
    badContactRole: '"{value}" 不是有效的联系人角色。可选：{list}。',
    badLostReason: '"{value}" 不是有效的输单原因。可选：{list}。',
    badUserRole: '"{value}" 不是有效角色。可选：{list}。',
    reasonTwice: '原因只需给一次：reason=… 或直接写在名称后面。',
    requireKeyword: '请在要求前写 "require"，例如 gates set proposal require amount。',
    noRequirements: '请列出要求，或写 "none" 表示清空。',
    noneMixed: '"none" 不能和其他要求一起使用。',
    oneFilter: '最多只能给一个筛选条件。',
    internal: '抱歉，没能理解这条命令。',
    didYouMean: '你是不是想输入：{list}？',
    usage: '用法：{usage}',
  },
);

export type UsageKey = Exclude<Parameters<typeof t>[1], 'didYouMean' | 'usage'>;

export class UsageError extends Error {
  readonly key: UsageKey;
  readonly params: Params;
  /** Command key whose usage line is shown ('' = overview). */
  readonly command: string;
  readonly suggestions: readonly string[];

  constructor(key: UsageKey, params: Params = {}, command = '', suggestions: readonly string[] = []) {
    super(key);
    this.name = 'UsageError';
    this.key = key;
    this.params = params;
    this.command = command;
    this.suggestions = suggestions;
  }
}

/** Throws a UsageError; typed `never` so callers can use it in expressions. */
export function usage(
  key: UsageKey,
  params: Params = {},
  command = '',
  suggestions: readonly string[] = [],
): never {
  throw new UsageError(key, params, command, suggestions);
}

export function renderUsage(locale: Locale, err: UsageError): Reply {
  const usageText = usageOf(err.command);
  const lines = [t(locale, err.key, err.params)];
  if (err.suggestions.length > 0) lines.push(t(locale, 'didYouMean', { list: err.suggestions.join(', ') }));
  const multiline = usageText.includes('\n');
  lines.push(t(locale, 'usage', { usage: multiline ? `\n${usageText}` : usageText }).replace(/[ \t]+\n/g, '\n'));
  const data: Record<string, unknown> = { usage: usageText };
  // Where the input went wrong, for clients that highlight it (1-based code point index).
  if (typeof err.params.position === 'number') data.position = err.params.position;
  if (err.suggestions.length > 0) data.suggestions = [...err.suggestions];
  return fail('USAGE', lines.join('\n'), data);
}
