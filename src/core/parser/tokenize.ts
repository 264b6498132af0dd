// Splits a chat message into tokens. Whitespace (any Unicode space, incl. U+3000)
// separates tokens; "…", '…', “…”, ‘…’, 「…」 quote them. A quote opens only at the
// start of a token or right after an unquoted '=' (so `title="VP Sales"` works while
// apostrophes inside words, as in O'Brien, stay literal).

import { usage } from './errors.js';

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

function isWs(c: string | undefined): boolean {
  return c !== undefined && WS.test(c);
}

/**
 * Reads a quoted part starting after the opener at `start`. The closing quote is the
 * first closer followed by whitespace or the end; failing that, the first closer.
 * Returns the content and the index just past the closer.
 */
function readQuoted(chars: readonly string[], start: number, closers: readonly string[]): [string, number] {
  let buf = '';
  let first: [string, number] | null = null;
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
      if (j + 1 >= chars.length || isWs(next)) return [buf, j + 1];
      if (first === null) first = [buf, j + 1];
    }
    buf += c;
    j++;
  }
  if (first !== null) return first;
  return usage('unterminatedQuote');
}

export function tokenize(input: string): Token[] {
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
    while (i < chars.length && !isWs(chars[i])) {
      const c = chars[i] as string;
      const closers = canOpen ? CLOSERS.get(c) : undefined;
      if (closers !== undefined) {
        if (text.length === 0) quoted = true;
        const [part, next] = readQuoted(chars, i + 1, closers);
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
    tokens.push({ text, quoted, eq });
  }
  return tokens;
}
