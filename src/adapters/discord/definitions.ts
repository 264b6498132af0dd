// The slash commands, derived from the core's command registry (each command's `chat`
// definition): `commandDefinitions()` turns it into the JSON that `discord register`
// sends, and the router and autocomplete look options up in it. Descriptions are
// registered in English with a zh-CN localization.

import type { ChatInput } from '../../core/execute.js';
import type { Locale } from '../../core/model.js';
import { MAX_INPUT } from '../../core/parser.js';
import { chatText } from '../../core/registry/chat-texts.js';
import type { OptionValue } from '../../core/registry/chat-input.js';
import { REGISTRY } from '../../core/registry/list.js';
import type { ChatDef, ChatOption, ChoiceLabel, CommandDef } from '../../core/registry/types.js';
import { discordText } from './texts.js';

export type { Completer } from '../../core/registry/types.js';
export type OptionSpec = ChatOption;

// Discord's JSON shapes for what we register (a subset of discord-api-types').
export const OptionType = { Subcommand: 1, String: 3, Boolean: 5, User: 6, Number: 10 } as const;
export const GUILD_CONTEXT = 0;
export const GUILD_INSTALL = 0;

export interface OptionDefinition {
  type: number;
  name: string;
  description: string;
  description_localizations?: Record<string, string>;
  required?: boolean;
  autocomplete?: boolean;
  choices?: { name: string; name_localizations?: Record<string, string>; value: string }[];
  min_length?: number;
  max_length?: number;
  min_value?: number;
  max_value?: number;
  options?: OptionDefinition[];
}

export interface CommandDefinition {
  type: 1;
  name: string;
  description: string;
  description_localizations?: Record<string, string>;
  options?: OptionDefinition[];
  contexts: number[];
  integration_types: number[];
}

/** Where the registered commands come first, in the order members know; later ones follow. */
const ORDER = ['deal', 'funnel', 'metrics', 'winloss', 'competitors', 'stale', 'gates', 'stage', 'role'];

/** `/stagecoach <text>`: the whole text grammar, including commands without a slash command. */
export const STAGECOACH = 'stagecoach';

const TYPE = { string: OptionType.String, number: OptionType.Number, boolean: OptionType.Boolean, user: OptionType.User } as const;

type Described = { description: string; description_localizations: Record<string, string> };

function localized(text: (locale: Locale) => string): Described {
  return { description: text('en'), description_localizations: { 'zh-CN': text('zh-CN') } };
}

/** A command's chat description: a shared chat text or its own. */
function chatDescription(description: ChatDef['description']): (locale: Locale) => string {
  return (l) => (typeof description === 'string' ? chatText(l, description) : l === 'zh-CN' ? description.zh : description.en);
}

function choiceName(label: ChoiceLabel, locale: Locale): string {
  return typeof label === 'function' ? label(locale) : chatText(locale, label);
}

function option(spec: ChatOption): OptionDefinition {
  const def: OptionDefinition = { type: TYPE[spec.kind], name: spec.name, ...localized((l) => chatText(l, spec.description)) };
  if (spec.required) def.required = true;
  if (spec.complete) def.autocomplete = true;
  if (spec.choices) {
    def.choices = spec.choices.map((c) => ({
      name: choiceName(c.label, 'en'),
      name_localizations: { 'zh-CN': choiceName(c.label, 'zh-CN') },
      value: c.value,
    }));
  }
  if (spec.minLength !== undefined) def.min_length = spec.minLength;
  if (spec.maxLength !== undefined) def.max_length = spec.maxLength;
  if (spec.min !== undefined) def.min_value = spec.min;
  if (spec.max !== undefined) def.max_value = spec.max;
  return def;
}

function command(name: string, described: Described, options: OptionDefinition[] | undefined): CommandDefinition {
  const def: CommandDefinition = { type: 1, name, ...described, contexts: [GUILD_CONTEXT], integration_types: [GUILD_INSTALL] };
  if (options) def.options = options;
  return def;
}

/** The chat commands' top-level names: groups with a chat description, one-word commands with a chat definition. */
function topNames(): string[] {
  const names = REGISTRY.commands
    .filter((d) => (d.words.length === 1 ? d.chat !== undefined : REGISTRY.groups[d.words[0]]?.chat !== undefined))
    .map((d) => d.words[0]);
  const unique = [...new Set(names)];
  const known = ORDER.filter((n) => unique.includes(n));
  return [...known, ...unique.filter((n) => !known.includes(n))];
}

const subsOf = (group: string): CommandDef[] => REGISTRY.commands.filter((d) => d.words.length === 2 && d.words[0] === group && d.chat);

/** The JSON bodies for `PUT /applications/:id/commands` (guild commands use the same). */
export function commandDefinitions(): CommandDefinition[] {
  const defs = topNames().map((name) => {
    const group = REGISTRY.groups[name]?.chat;
    if (group) {
      const subs = subsOf(name).map((s) => ({
        type: OptionType.Subcommand,
        name: s.words[1] ?? '',
        ...localized(chatDescription(s.chat?.description ?? 'cmd_deal')),
        options: (s.chat?.options ?? []).map(option),
      }));
      return command(name, localized((l) => chatText(l, group.description)), subs);
    }
    const single = REGISTRY.commands.find((d) => d.words.length === 1 && d.words[0] === name);
    return command(name, localized(chatDescription(single?.chat?.description ?? 'cmd_deal')), (single?.chat?.options ?? []).map(option));
  });
  const text = { name: 'command', description: 'opt_command', kind: 'string', maxLength: MAX_INPUT } as const;
  const stagecoachOption: OptionDefinition = { type: OptionType.String, name: text.name, ...localized((l) => discordText(l, text.description)), max_length: text.maxLength };
  return [...defs, command(STAGECOACH, localized((l) => discordText(l, 'cmd_stagecoach')), [stagecoachOption])];
}

/** The registered command a slash command (and subcommand) runs. */
function commandOf(name: string, sub: string | null): CommandDef | undefined {
  const words = sub === null ? [name] : [name, sub];
  return REGISTRY.commands.find((d) => d.chat !== undefined && d.words.join(' ') === words.join(' '));
}

/** The spec of one option of a command (and subcommand), for autocomplete. */
export function optionSpec(name: string, sub: string | null, optionName: string): OptionSpec | undefined {
  return commandOf(name, sub)?.chat?.options.find((o) => o.name === optionName);
}

export interface SlashInput {
  command: string;
  sub: string | null;
  options: Readonly<Record<string, OptionValue>>;
}

/** What `execute` gets for a slash command: its typed options, or the text of /stagecoach (help when empty). */
export function inputOf(slash: SlashInput): string | ChatInput {
  if (slash.command === STAGECOACH) {
    const text = String(slash.options.command ?? '').trim();
    return text === '' ? 'help' : text;
  }
  const def = commandOf(slash.command, slash.sub);
  // A command this version does not know (registered by an older one): its help.
  if (def === undefined) return `help ${slash.command}`;
  return { command: def.id, options: slash.options };
}
