// Splits a chat message into tokens. Whitespace (any Unicode space, incl. U+3000)
// separates tokens; "…", '…', “…”, ‘…’, 「…」 quote them. A quote opens only at the
// start of a token or right after an unquoted '=' (so `title="VP Sales"` works while
// apostrophes inside words, as in O'Brien, stay literal).
// Control characters are refused here, naming their position: tab and line breaks
// separate tokens, and inside a quoted value only free text (note=, notes=, title=) may
// hold them; every other control character, and a lone surrogate, is refused anywhere.

import { usage } from './errors.js';
import { badCharacter, codeOf } from './values.js';

export interface Token {
  /** The token with quotes removed and escapes resolved. */
  text: string;
  /** True when the token started with a quote: never a flag, key=value or keyword. */
  quoted: boolean;
  /** Index in `text` of the first unquoted '=' (also full-width '＝'), or -1. */
  eq: number;
}

const CLOSERS: ReadonlyMap<string, readonly string[]> = new Map([
  ['"', ['"', '”']],
  ["'", ["'", '’']],
  ['“', ['”', '“', '"']],
  ['”', ['”', '“']],
  ['„', ['“', '”']],
  ['‘', ['’', '‘', "'"]],
  ['「', ['」']],
  ['『', ['』']],
  ['＂', ['＂']],
]);

const WS = /^\s$/u;
const LINE_CONTROL = /^[\t\n\r]$/u;
/** Keys whose quoted value is free text, where tab and line breaks are kept. */
const FREE_TEXT_KEYS = ['note', 'notes', 'title'];

function isWs(c: string | undefined): boolean {
  return c !== undefined && WS.test(c);
}

/**
 * Reads a quoted part starting after the opener at `start`. The closing quote is the
 * first closer followed by whitespace or the end; failing that, the first closer.
 * Returns the content, the index just past the closer, and the index of the first tab or
 * line break inside (-1 when none).
 */
function readQuoted(chars: readonly string[], start: number, closers: readonly string[]): [string, number, number] {
  let buf = '';
  let first: [string, number, number] | null = null;
  let lineControl = -1;
  let j = start;
  while (j < chars.length) {
    const c = chars[j] as string;
    const next = chars[j + 1];
    if (c === '\\' && next !== undefined && (next === '\\' || closers.includes(next))) {
      buf += next;
      j += 2;
      continue;
    }
    if (closers.includes(c)) {
      if (j + 1 >= chars.length || isWs(next)) return [buf, j + 1, lineControl];
      if (first === null) first = [buf, j + 1, lineControl];
    }
    if (lineControl === -1 && LINE_CONTROL.test(c)) lineControl = j;
    buf += c;
    j++;
  }
  if (first !== null) return first;
  return usage('unterminatedQuote');
}

function isFreeText(text: string, quoted: boolean, eq: number): boolean {
  return !quoted && eq > 0 && FREE_TEXT_KEYS.includes(text.slice(0, eq).trim().toLowerCase());
}

export function tokenize(input: string): Token[] {
  const bad = badCharacter(input, true);
  if (bad !== null) usage('badCharacter', { ...bad });
  const chars = Array.from(input);
  const tokens: Token[] = [];
  let i = 0;
  while (i < chars.length) {
    while (i < chars.length && isWs(chars[i])) i++;
    if (i >= chars.length) break;

    let text = '';
    let quoted = false;
    let eq = -1;
    let canOpen = true; // at token start or right after the unquoted '='
    let lineControl = -1;
    while (i < chars.length && !isWs(chars[i])) {
      const c = chars[i] as string;
      const closers = canOpen ? CLOSERS.get(c) : undefined;
      if (closers !== undefined) {
        if (text.length === 0) quoted = true;
        const [part, next, control] = readQuoted(chars, i + 1, closers);
        if (lineControl === -1) lineControl = control;
        text += part;
        i = next;
        canOpen = false;
        continue;
      }
      if ((c === '=' || c === '＝') && eq === -1 && !quoted) {
        eq = text.length;
        text += '=';
        canOpen = true;
      } else {
        text += c;
        canOpen = false;
      }
      i++;
    }
    if (lineControl !== -1 && !isFreeText(text, quoted, eq)) {
      usage('badCharacter', { position: lineControl + 1, code: codeOf(chars[lineControl] ?? '') });
    }
    tokens.push({ text, quoted, eq });
  }
  return tokens;
}
