// A chat command's options (Discord's typed options) → the command's arguments. Each
// option's value goes to the command's reader as the token its `as` says, so every
// value is checked by the same rules, with the same errors, as typed text; nothing is
// turned back into text and re-tokenized.

import type { Token } from '../parser/tokenize.js';
import type { ChatOption, CommandDef } from './types.js';

export type OptionValue = string | number | boolean;

const BARE = /^[\p{L}\p{N}_.:/+,-]+$/u;

const quoted = (text: string): Token => ({ text, quoted: true, eq: -1 });
const bare = (text: string): Token => ({ text, quoted: false, eq: -1 });
/** A bare word when it reads as one (`month`, `none`), quoted otherwise (never a flag or key). */
const word = (text: string): Token => (BARE.test(text) && !text.startsWith('-') ? bare(text) : quoted(text));

function valueText(v: OptionValue): string {
  return typeof v === 'number' ? (Number.isFinite(v) ? String(v) : 'NaN') : String(v);
}

function tokensOf(option: ChatOption, value: OptionValue): Token[] {
  const v = valueText(value);
  switch (option.as) {
    case 'name':
      return [quoted(v)];
    case 'word':
      return [word(v.trim())];
    case 'words':
      return v.split(/\s+/u).filter(Boolean).map(word);
    case 'list':
      return v.split(/[\s,，、]+/u).filter(Boolean).map(quoted);
    case 'key':
      return [{ text: `${option.name}=${v}`, quoted: false, eq: option.name.length }];
    case 'flag':
      return [bare(`--${option.name}`), quoted(v)];
    case 'switch':
      return value === true ? [bare(option.name)] : [];
  }
}

/** The tokens the command's reader gets for these options, in the options' declared order. */
export function chatTokens(def: CommandDef, options: Readonly<Record<string, OptionValue>>): Token[] {
  const tokens: Token[] = [];
  for (const option of def.chat?.options ?? []) {
    const value = options[option.name];
    if (value === undefined) continue;
    if (option.keyword !== undefined) tokens.push(bare(option.keyword));
    tokens.push(...tokensOf(option, value));
  }
  return tokens;
}
