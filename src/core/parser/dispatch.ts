// Top level: picks the verb and subcommand, then hands the rest to its parser.

import type { Command } from '../commands.js';
import { suggest } from '../suggest.js';
import { GROUP_PARSERS, SUB_ALIASES } from './admin.js';
import { ANALYTICS_VERBS, analyticsVerb, parseAnalytics } from './analytics.js';
import { DEAL_SUBCOMMANDS, isDealSub, parseDeal } from './deal.js';
import { usage, UsageError } from './errors.js';
import { commandKeys } from '../help.js';
import { tokenize, type Token } from './tokenize.js';
import { lookup } from './values.js';

export const MAX_INPUT = 4096;

const VERBS = ['deal', 'gates', 'stage', 'role', 'digest', 'help'] as const;
type Verb = (typeof VERBS)[number];

const VERB_ALIASES: Record<string, Verb> = {
  deals: 'deal',
  gate: 'gates',
  stages: 'stage',
  roles: 'role',
  '?': 'help',
  帮助: 'help',
  简报: 'digest',
};

/** A word that starts a command of its own (a verb, an alias, an analytics verb). */
export function isCommandWord(word: string): boolean {
  const w = word.trim().toLowerCase();
  return (VERBS as readonly string[]).includes(w) || lookup(VERB_ALIASES, w) !== undefined || analyticsVerb(w) !== undefined;
}

/** Default subcommand when a group is typed alone (`gates` → `gates show`). */
const DEFAULT_SUB: Record<string, string> = { gates: 'show', stage: 'list', role: 'list', digest: 'status' };

function isHelpFlag(tok: Token): boolean {
  const w = tok.text.toLowerCase();
  return !tok.quoted && (w === '--help' || w === '-h' || w === '—help' || w === '–help');
}

function helpCommand(topic: string): Command {
  const t = topic.trim().replace(/^\//, '').replace(/\s+/gu, ' ').toLowerCase();
  return t.length === 0 ? { type: 'help' } : { type: 'help', topic: t };
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
  if (commandKeys().includes(pair)) return pair;
  const group = words[0] ?? '';
  return commandKeys().some((k) => k.startsWith(`${group} `)) ? group : '';
}

/**
 * Parses a command or throws UsageError. Throwing anything else is a bug;
 * `parseCommand` is the safe entry point.
 */
export function parseOrThrow(input: string): Command {
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

  const typed = verbOf(tokens);
  const analytics = analyticsVerb(typed);
  if (analytics !== undefined) {
    const rest = tokens.slice(1);
    const first = rest[0];
    if ((first !== undefined && !first.quoted && first.text.toLowerCase() === 'help') || rest.some(isHelpFlag)) return helpCommand(analytics);
    return parseAnalytics(analytics, rest);
  }
  const verb: Verb | undefined = VERBS.find((v) => v === typed) ?? lookup(VERB_ALIASES, typed);
  if (verb === undefined) {
    const near = isDealSub(typed) ? [`deal ${typed}`] : suggest(typed, [...VERBS, ...ANALYTICS_VERBS]);
    return usage('unknownCommand', { word: tokens[0]?.text ?? '' }, '', near);
  }
  if (verb === 'help') return helpCommand(tokens.slice(1).map((t) => t.text).join(' '));

  const subTok = tokens[1];
  const subTyped = subTok === undefined ? DEFAULT_SUB[verb] : subTok.text.trim().toLowerCase();
  if (subTyped === undefined) return usage('missingSubcommand', { group: verb }, verb);
  if (subTyped === 'help' || (subTok !== undefined && isHelpFlag(subTok))) return helpCommand(verb);

  const sub = lookup(SUB_ALIASES[verb] ?? {}, subTyped) ?? subTyped;
  const rest = tokens.slice(2);
  const known: readonly string[] = verb === 'deal' ? DEAL_SUBCOMMANDS : Object.keys(GROUP_PARSERS[verb]);
  if (!known.includes(sub)) {
    const near = suggest(subTyped, known);
    // Show the usage of the most likely subcommand, or of the whole group.
    const focus = near[0] === undefined ? verb : `${verb} ${near[0]}`;
    return usage('unknownSubcommand', { group: verb, word: subTok?.text ?? '' }, focus, near);
  }
  if (rest.some(isHelpFlag)) return helpCommand(`${verb} ${sub}`);

  if (verb === 'deal') {
    if (!isDealSub(sub)) return usage('unknownSubcommand', { group: verb, word: sub }, verb);
    return parseDeal(sub, rest);
  }
  const parse = lookup(GROUP_PARSERS[verb], sub);
  if (parse === undefined) return usage('unknownSubcommand', { group: verb, word: sub }, verb);
  return parse(rest);
}
