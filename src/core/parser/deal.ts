// Readers shared by the `deal <subcommand> …` commands (src/core/commands/deal).

import type { DealFields, DealListFilter } from '../commands.js';
import { suggest } from '../suggest.js';
import { usage } from './errors.js';
import { need, type Args } from './args.js';
import type { Token } from './tokenize.js';
import { amount, currency, date, NAME_MAX, NOTES_MAX, tagList, text, visibleName } from './values.js';

export const FIELD_KEYS = ['amount', 'currency', 'close', 'industry', 'source', 'team', 'owner', 'tags'] as const;
export const SET_KEYS = [...FIELD_KEYS, 'notes'] as const;
export const OVERRIDE = ['override'] as const;
export const NONE_WORDS = ['none', '无', '没有'];

/** The deal's name: the first positional. */
export function name(args: Args, command: string): string {
  return visibleName(need(args, 0, '<name>', command), '<name>', command);
}

/** A lone name argument: unquoted words are joined (deal show Acme Corp). */
export function joinedName(args: Args, command: string): string {
  need(args, 0, '<name>', command);
  return visibleName(args.positionals.map((t) => t.text).join(' '), '<name>', command);
}

/** A positional amount; a word without digits is more likely an unquoted name part. */
export function positionalAmount(tok: Token, command: string): number {
  if (!/\p{Nd}/u.test(tok.text)) usage('unexpectedArg', { word: tok.text }, command);
  return amount(tok.text, 'positive', command);
}

export function withOverride<C extends object>(cmd: C, args: Args): C & { override?: string } {
  const override = args.flags.get('override');
  return override === undefined ? cmd : { ...cmd, override };
}

export function fields(keys: Map<string, string>, command: string, amountMin: 'positive' | 'nonNegative'): DealFields {
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

const LIST_WORDS: Record<string, 'mine' | 'all'> = { mine: 'mine', my: 'mine', 我的: 'mine', all: 'all', 全部: 'all', 所有: 'all' };

export function listFilter(args: Args, c: string): DealListFilter {
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
