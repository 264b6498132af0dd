// Top level, derived from the registry: picks the command from its words (or their
// aliases), then hands the rest to the command's own reader.

import type { Command } from '../commands.js';
import { topicOf } from '../commands/help.js';
import { REGISTRY } from '../registry/list.js';
import { keyOf, type CommandDef } from '../registry/types.js';
import { suggest } from '../suggest.js';
import { usage, UsageError } from './errors.js';
import { tokenize, type Token } from './tokenize.js';

export const MAX_INPUT = 4096;

/** A command read from text: its declaration and its arguments. */
export interface Parsed {
  def: CommandDef;
  args: object;
}

// Read when parsing, not at load: the registry's modules may still be loading (the
// digest use case reaches the jobs, which reach back to the use cases' index).
const commands = () => REGISTRY.commands;
const helpDef = () => commands().find((d) => d.id === 'help') as CommandDef;
const singles = () => commands().filter((d) => d.words.length === 1);
const groups = () => Object.keys(REGISTRY.groups);

/** The word and its aliases, as typed (lower case). */
function spells(def: CommandDef, word: string): boolean {
  return def.words[def.words.length - 1] === word || (def.aliases ?? []).includes(word);
}

function groupOf(word: string): string | undefined {
  if (Object.hasOwn(REGISTRY.groups, word)) return word;
  return groups().find((g) => REGISTRY.groups[g]?.aliases.includes(word));
}

const subsOf = (group: string) => commands().filter((d) => d.words.length === 2 && d.words[0] === group);

/** A word that starts a command of its own (a group, a single command, or an alias of either). */
export function isCommandWord(word: string): boolean {
  const w = word.trim().toLowerCase();
  return groupOf(w) !== undefined || singles().some((d) => spells(d, w));
}

function isHelpFlag(tok: Token): boolean {
  const w = tok.text.toLowerCase();
  return !tok.quoted && (w === '--help' || w === '-h' || w === '—help' || w === '–help');
}

function helpOn(topic: string): Parsed {
  return { def: helpDef(), args: topicOf(topic) };
}

function verbOf(tokens: Token[]): string {
  const first = tokens[0];
  if (first === undefined) return '';
  let word = first.text;
  if (!first.quoted && word.startsWith('/')) {
    word = word.slice(1);
    const at = word.indexOf('@'); // Telegram style: /deal@StagecoachBot
    if (at > 0) word = word.slice(0, at);
  }
  return word.trim().toLowerCase();
}

/** Best guess of the command key from the first two words, for usage lines when tokenizing fails. */
function guessCommand(input: string): string {
  const words = input.trim().replace(/^\//, '').toLowerCase().split(/\s+/u);
  const pair = words.slice(0, 2).join(' ');
  const keys = commands().map(keyOf);
  if (keys.includes(pair)) return pair;
  const group = words[0] ?? '';
  return keys.some((k) => k.startsWith(`${group} `)) ? group : '';
}

function tokensOf(input: string): Token[] {
  if (input.length > MAX_INPUT) usage('tooLong', { max: MAX_INPUT });
  let tokens: Token[];
  try {
    tokens = tokenize(input);
  } catch (err) {
    if (err instanceof UsageError) usage(err.key, err.params, guessCommand(input));
    throw err;
  }
  if (tokens[0] !== undefined && !tokens[0].quoted && tokens[0].text === '/') tokens = tokens.slice(1);
  if (tokens.length === 0) usage('empty');
  return tokens;
}

/** A one-word command: `help` reads its topic; the others answer `help`/`--help` with their help. */
function single(def: CommandDef, rest: Token[]): Parsed {
  if (def === helpDef()) return { def, args: def.parse(rest) };
  const first = rest[0];
  if ((first !== undefined && !first.quoted && first.text.toLowerCase() === 'help') || rest.some(isHelpFlag)) return helpOn(def.id);
  return { def, args: def.parse(rest) };
}

function unknownVerb(typed: string, word: string): never {
  const bare = groups()
    .filter((g) => REGISTRY.groups[g]?.suggestBare)
    .find((g) => subsOf(g).some((d) => d.words[1] === typed));
  // Candidates: the groups, then help, then the other one-word commands.
  const help = helpDef();
  const verbs = [...groups(), help.words[0], ...singles().filter((d) => d !== help).map((d) => d.words[0])];
  const near = bare !== undefined ? [`${bare} ${typed}`] : suggest(typed, verbs);
  return usage('unknownCommand', { word }, '', near);
}

function grouped(group: string, tokens: Token[]): Parsed {
  const subTok = tokens[1];
  const subs = subsOf(group);
  const subTyped = subTok === undefined ? subs.find((d) => d.groupDefault)?.words[1] : subTok.text.trim().toLowerCase();
  if (subTyped === undefined) return usage('missingSubcommand', { group }, group);
  if (subTyped === 'help' || (subTok !== undefined && isHelpFlag(subTok))) return helpOn(group);
  const def = subs.find((d) => spells(d, subTyped));
  if (def === undefined) {
    const near = suggest(
      subTyped,
      subs.map((d) => d.words[1] ?? ''),
    );
    // Show the usage of the most likely subcommand, or of the whole group.
    const focus = near[0] === undefined ? group : `${group} ${near[0]}`;
    return usage('unknownSubcommand', { group, word: subTok?.text ?? '' }, focus, near);
  }
  const rest = tokens.slice(2);
  if (rest.some(isHelpFlag)) return helpOn(keyOf(def));
  return { def, args: def.parse(rest) };
}

/** Reads a command or throws UsageError. Throwing anything else is a bug. */
export function parseText(input: string): Parsed {
  const tokens = tokensOf(input);
  const typed = verbOf(tokens);
  const one = singles().find((d) => spells(d, typed));
  if (one !== undefined) return single(one, tokens.slice(1));
  const group = groupOf(typed);
  if (group === undefined) return unknownVerb(typed, tokens[0]?.text ?? '');
  return grouped(group, tokens);
}

/** The command object of a parsed command: `{ type: id, ...args }`. */
export function commandOf(parsed: Parsed): Command {
  return { type: parsed.def.id, ...parsed.args } as Command;
}

/**
 * Parses a command or throws UsageError. Throwing anything else is a bug;
 * `parseCommand` is the safe entry point.
 */
export function parseOrThrow(input: string): Command {
  return commandOf(parseText(input));
}

/** A word that names a subcommand of `group` (`move` or `推进` for `deal`). */
export function isSubcommandWord(group: string, word: string): boolean {
  const w = word.trim().toLowerCase();
  return subsOf(group).some((d) => spells(d, w));
}
