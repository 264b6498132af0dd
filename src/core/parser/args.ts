// Sorts a subcommand's tokens into positionals, key=value pairs and --flags,
// checking keys and flags against what the subcommand accepts.

import { suggest } from '../suggest.js';
import { usage } from './errors.js';
import type { Token } from './tokenize.js';
import { lookup, NOTES_MAX, text } from './values.js';

export interface ArgSpec {
  /** Command key for usage lines, e.g. 'deal move'. */
  command: string;
  keys?: readonly string[];
  flags?: readonly string[];
}

export interface Args {
  positionals: Token[];
  keys: Map<string, string>;
  flags: Map<string, string>;
}

const KEY_ALIASES: Record<string, string> = {
  tag: 'tags',
  note: 'notes',
  notes: 'note',
  close_date: 'close',
  closedate: 'close',
  'close-date': 'close',
  reasons: 'reason',
};

// Phones turn "--" into an en or em dash.
const FLAG_RE = /^(?:--|—|–)(.*)$/su;

function isFlag(tok: Token): boolean {
  return !tok.quoted && FLAG_RE.test(tok.text);
}

function isKeyValue(tok: Token): boolean {
  return !tok.quoted && tok.eq > 0 && !isFlag(tok);
}

function resolveKey(raw: string, spec: ArgSpec): string {
  const allowed = spec.keys ?? [];
  const key = raw.trim().toLowerCase();
  if (allowed.includes(key)) return key;
  const alias = lookup(KEY_ALIASES, key);
  if (alias !== undefined && allowed.includes(alias)) return alias;
  return usage('unknownKey', { key: raw }, spec.command, suggest(key, allowed));
}

export function splitArgs(tokens: readonly Token[], spec: ArgSpec): Args {
  const out: Args = { positionals: [], keys: new Map(), flags: new Map() };
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as Token;
    if (isFlag(tok)) {
      const body = (FLAG_RE.exec(tok.text)?.[1] ?? '').trim();
      const eq = body.indexOf('=');
      const name = (eq === -1 ? body : body.slice(0, eq)).toLowerCase();
      const allowed = spec.flags ?? [];
      if (!allowed.includes(name)) {
        usage('unknownFlag', { flag: tok.text }, spec.command, suggest(name, allowed).map((f) => `--${f}`));
      }
      if (out.flags.has(name)) usage('duplicateFlag', { flag: `--${name}` }, spec.command);
      let value: string;
      if (eq !== -1) {
        value = body.slice(eq + 1);
      } else {
        const next = tokens[i + 1];
        if (next === undefined || isFlag(next) || isKeyValue(next)) return usage('missingOverride', {}, spec.command);
        value = next.text;
        i++;
      }
      if (value.trim().length === 0) usage('missingOverride', {}, spec.command);
      out.flags.set(name, text(value, `--${name}`, spec.command, NOTES_MAX));
    } else if (isKeyValue(tok)) {
      const key = resolveKey(tok.text.slice(0, tok.eq), spec);
      if (out.keys.has(key)) usage('duplicateKey', { key }, spec.command);
      const value = tok.text.slice(tok.eq + 1);
      if (value.trim().length === 0) usage('emptyValue', { field: key }, spec.command);
      out.keys.set(key, value);
    } else {
      out.positionals.push(tok);
    }
  }
  return out;
}

/** The positional at `index`, or a "missing <arg>" usage error. */
export function need(args: Args, index: number, arg: string, command: string): string {
  const tok = args.positionals[index];
  if (tok === undefined) return usage('missingArg', { arg }, command);
  return tok.text;
}

/** Fails on positionals beyond the first `count`. */
export function noMore(args: Args, count: number, command: string): void {
  const extra = args.positionals[count];
  if (extra !== undefined) usage('unexpectedArg', { word: extra.text }, command);
}

/** The reader of a command that takes no arguments. */
export function nothing(command: string): (rest: readonly Token[]) => Record<string, never> {
  return (rest) => {
    noMore(splitArgs(rest, { command }), 0, command);
    return {};
  };
}
