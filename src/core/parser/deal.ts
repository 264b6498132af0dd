// `deal <subcommand> …`

import type { Command, DealFields, DealListFilter } from '../commands.js';
import { suggest } from '../suggest.js';
import { usage } from './errors.js';
import { need, noMore, splitArgs, type Args } from './args.js';
import type { Token } from './tokenize.js';
import { amount, contactRole, currency, date, lostReason, NOTES_MAX, tagList, text, TEXT_MAX, visibleName, NAME_MAX } from './values.js';

const FIELD_KEYS = ['amount', 'currency', 'close', 'industry', 'source', 'team', 'owner', 'tags'] as const;
const SET_KEYS = [...FIELD_KEYS, 'notes'] as const;
const OVERRIDE = ['override'] as const;

export const DEAL_SUBCOMMANDS = [
  'new',
  'move',
  'set',
  'contact',
  'competitor',
  'tag',
  'won',
  'lost',
  'show',
  'history',
  'list',
] as const;
type DealSub = (typeof DEAL_SUBCOMMANDS)[number];

const NONE_WORDS = ['none', '无', '没有'];

function name(args: Args, command: string): string {
  return visibleName(need(args, 0, '<name>', command), '<name>', command);
}

/** A positional amount; a word without digits is more likely an unquoted name part. */
function positionalAmount(tok: Token, command: string): number {
  if (!/\p{Nd}/u.test(tok.text)) usage('unexpectedArg', { word: tok.text }, command);
  return amount(tok.text, 'positive', command);
}

function withOverride<C extends object>(cmd: C, args: Args): C & { override?: string } {
  const override = args.flags.get('override');
  return override === undefined ? cmd : { ...cmd, override };
}

function fields(keys: Map<string, string>, command: string, amountMin: 'positive' | 'nonNegative'): DealFields {
  const f: DealFields = {};
  for (const [key, raw] of keys) {
    switch (key) {
      case 'amount':
        f.amount = amount(raw, amountMin, command);
        break;
      case 'currency':
        f.currency = currency(raw, command);
        break;
      case 'close':
        f.close = date(raw, command);
        break;
      case 'tags':
        f.tags = tagList([raw], command);
        break;
      case 'notes':
        f.notes = text(raw, key, command, NOTES_MAX, true);
        break;
      case 'industry':
      case 'source':
      case 'team':
      case 'owner':
        f[key] = text(raw, key, command);
        break;
    }
  }
  return f;
}

type Parse = (rest: readonly Token[]) => Command;

const PARSERS: Record<DealSub, Parse> = {
  new: (rest) => {
    const c = 'deal new';
    const args = splitArgs(rest, { command: c, keys: FIELD_KEYS });
    const n = name(args, c);
    noMore(args, 2, c);
    const f = fields(args.keys, c, 'positive');
    const positional = args.positionals[1];
    if (positional !== undefined) {
      if (f.amount !== undefined) usage('duplicateKey', { key: 'amount' }, c);
      f.amount = positionalAmount(positional, c);
    }
    return { type: 'deal.new', name: n, fields: f };
  },
  move: (rest) => {
    const c = 'deal move';
    const args = splitArgs(rest, { command: c, flags: OVERRIDE });
    const n = name(args, c);
    const stage = text(need(args, 1, '<stage>', c), '<stage>', c, NAME_MAX);
    noMore(args, 2, c);
    return withOverride({ type: 'deal.move' as const, name: n, stage }, args);
  },
  set: (rest) => {
    const c = 'deal set';
    const args = splitArgs(rest, { command: c, keys: SET_KEYS });
    const n = name(args, c);
    noMore(args, 1, c);
    if (args.keys.size === 0) usage('noFields', {}, c);
    return { type: 'deal.set', name: n, fields: fields(args.keys, c, 'nonNegative') };
  },
  contact: (rest) => {
    const c = 'deal contact';
    const args = splitArgs(rest, { command: c, keys: ['role', 'title'] });
    const n = name(args, c);
    need(args, 1, '<person>', c);
    // Unquoted multi-word person names are joined: deal contact Acme Jane Doe role=dm
    const person = visibleName(
      args.positionals
        .slice(1)
        .map((t) => t.text)
        .join(' '),
      '<person>',
      c,
    );
    const roleRaw = args.keys.get('role');
    if (roleRaw === undefined) return usage('missingKey', { key: 'role' }, c);
    const role = contactRole(roleRaw, c);
    const titleRaw = args.keys.get('title');
    const cmd = { type: 'deal.contact' as const, name: n, person, role };
    return titleRaw === undefined ? cmd : { ...cmd, title: text(titleRaw, 'title', c, TEXT_MAX, true) };
  },
  competitor: (rest) => {
    const c = 'deal competitor';
    const args = splitArgs(rest, { command: c });
    const n = name(args, c);
    need(args, 1, '<competitor|none>', c);
    const parts = args.positionals.slice(1);
    const only = parts.length === 1 ? parts[0] : undefined;
    if (only !== undefined && !only.quoted && NONE_WORDS.includes(only.text.trim().toLowerCase())) {
      return { type: 'deal.competitor', name: n, competitor: null };
    }
    const competitor = visibleName(parts.map((t) => t.text).join(' '), '<competitor>', c);
    return { type: 'deal.competitor', name: n, competitor };
  },
  tag: (rest) => {
    const c = 'deal tag';
    const args = splitArgs(rest, { command: c });
    const n = name(args, c);
    need(args, 1, '<tag>', c);
    return { type: 'deal.tag', name: n, tags: tagList(args.positionals.slice(1).map((t) => t.text), c) };
  },
  won: (rest) => {
    const c = 'deal won';
    const args = splitArgs(rest, { command: c, flags: OVERRIDE });
    const n = name(args, c);
    noMore(args, 2, c);
    const raw = args.positionals[1];
    const cmd =
      raw === undefined
        ? { type: 'deal.won' as const, name: n }
        : { type: 'deal.won' as const, name: n, amount: positionalAmount(raw, c) };
    return withOverride(cmd, args);
  },
  lost: (rest) => {
    const c = 'deal lost';
    const args = splitArgs(rest, { command: c, keys: ['reason', 'competitor', 'note'], flags: OVERRIDE });
    const n = name(args, c);
    noMore(args, 2, c);
    const keyed = args.keys.get('reason');
    const positional = args.positionals[1]?.text;
    if (keyed !== undefined && positional !== undefined) usage('reasonTwice', {}, c);
    const reasonRaw = keyed ?? positional;
    if (reasonRaw === undefined) return usage('missingKey', { key: 'reason' }, c);
    const cmd: Extract<Command, { type: 'deal.lost' }> = { type: 'deal.lost', name: n, reason: lostReason(reasonRaw, c) };
    const competitor = args.keys.get('competitor');
    if (competitor !== undefined) cmd.competitor = visibleName(competitor, 'competitor', c);
    const note = args.keys.get('note');
    if (note !== undefined) cmd.note = text(note, 'note', c, NOTES_MAX, true);
    return withOverride(cmd, args);
  },
  show: (rest) => {
    const c = 'deal show';
    const args = splitArgs(rest, { command: c });
    need(args, 0, '<name>', c);
    // A lone name argument: unquoted words are joined (deal show Acme Corp).
    const n = visibleName(args.positionals.map((t) => t.text).join(' '), '<name>', c);
    return { type: 'deal.show', name: n };
  },
  history: (rest) => {
    const c = 'deal history';
    const args = splitArgs(rest, { command: c });
    need(args, 0, '<name>', c);
    const n = visibleName(args.positionals.map((t) => t.text).join(' '), '<name>', c);
    return { type: 'deal.history', name: n };
  },
  list: (rest) => {
    const c = 'deal list';
    const args = splitArgs(rest, { command: c, keys: ['stage', 'owner'] });
    if (args.positionals.length + args.keys.size > 1) usage('oneFilter', {}, c);
    return { type: 'deal.list', filter: listFilter(args, c) };
  },
};

const LIST_WORDS: Record<string, 'mine' | 'all'> = { mine: 'mine', my: 'mine', 我的: 'mine', all: 'all', 全部: 'all', 所有: 'all' };

function listFilter(args: Args, c: string): DealListFilter {
  const stage = args.keys.get('stage');
  if (stage !== undefined) return { kind: 'stage', stage: text(stage, 'stage', c, NAME_MAX) };
  const owner = args.keys.get('owner');
  if (owner !== undefined) return { kind: 'owner', owner: text(owner, 'owner', c) };
  const word = args.positionals[0];
  if (word === undefined) return { kind: 'mine' };
  const w = word.text.trim().toLowerCase();
  const kind = Object.hasOwn(LIST_WORDS, w) ? LIST_WORDS[w] : undefined;
  if (kind === undefined) return usage('unexpectedArg', { word: word.text }, c, suggest(w, ['mine', 'all']));
  return { kind };
}

export function isDealSub(word: string): word is DealSub {
  return (DEAL_SUBCOMMANDS as readonly string[]).includes(word);
}

export function parseDeal(sub: DealSub, rest: readonly Token[]): Command {
  return PARSERS[sub](rest);
}
