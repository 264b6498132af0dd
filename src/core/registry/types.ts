// What a command declares, once: its words, its arguments (zod), its help in both
// languages, who may run it, how its text is read and what runs it. The parser, help,
// usage errors, `execute` and the chat adapters' command lists are derived from these.

import type { z } from 'zod';
import type { Command } from '../commands.js';
import { defineTexts } from '../i18n.js';
import type { ChatTextKey } from './chat-texts.js';
import type { Locale, Role } from '../model.js';
import type { Token } from '../parser/tokenize.js';
import type { Reply } from '../reply.js';
import type { Context } from '../usecases/context.js';

export interface Bilingual {
  en: string;
  zh: string;
}

/** The arguments of a command of the core language (the command object without its `type`). */
export type ArgsOf<T extends Command['type']> = Omit<Extract<Command, { type: T }>, 'type'>;

/** What a chat platform offers to complete an option as it is typed. */
export type Completer = 'deal' | 'stage' | 'period' | 'dimension' | 'requirement';

/** A choice's name: a chat text, or a label core gives every front door (roles, loss reasons). */
export type ChoiceLabel = ChatTextKey | ((locale: Locale) => string);

/**
 * One option of a chat command (a Discord slash command option), and how its value
 * reaches the command's reader: a quoted positional (`name`), a bare word unless it
 * needs quotes (`word`), several words split on spaces (`words`), items split on spaces
 * and commas (`list`), `key=value` (`key`), `--flag value` (`flag`), or, for a true
 * boolean, the option's own name as a word (`switch`).
 */
export interface ChatOption {
  name: string;
  description: ChatTextKey;
  kind: 'string' | 'number' | 'boolean' | 'user';
  as: 'name' | 'word' | 'words' | 'list' | 'key' | 'flag' | 'switch';
  /** A keyword read before the value (`gates set <stage> require <requirements>`). */
  keyword?: string;
  required?: boolean;
  complete?: Completer;
  choices?: readonly { value: string; label: ChoiceLabel }[];
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
}

/** How a command appears as a chat command; commands without it are reached as text only. */
export interface ChatDef {
  /** A shared chat text, or the command's own in both languages. */
  description: ChatTextKey | Bilingual;
  options: readonly ChatOption[];
}

export interface Access {
  least: Role;
  denied: (locale: Locale) => string;
}

export interface CommandDef<A extends object = object> {
  /** Stable id: the `type` of the parsed command, e.g. 'deal.move'. */
  id: string;
  /** The words typed: a group and a subcommand (`deal move`) or one word (`funnel`). */
  words: readonly [string] | readonly [string, string];
  /** Other spellings of the last word (`mv` for `stage move`, `漏斗` for `funnel`). */
  aliases?: readonly string[];
  /** Run when its group is typed alone (`gates` → `gates show`). */
  groupDefault?: boolean;
  usage: string;
  example: string;
  summary: Bilingual;
  /** Extra lines under `help <command>` (fields, periods, …). */
  details?: (locale: Locale) => string[];
  /**
   * The least role that may run it, and what others are told; absent = every member.
   * Checked by `execute` before the handler runs. Rules that depend on the data (a rep
   * changes only their own deals) stay in the use case.
   */
  role?: Access;
  /** The arguments' shape; typed input (chat options, forms) is validated against it. */
  args: z.ZodType<A>;
  chat?: ChatDef;
  /** Reads the words after the command's own; throws UsageError. */
  parse(rest: readonly Token[]): A;
  run(ctx: Context, args: A, registry: Registry): Promise<Reply>;
}

/** A word that groups subcommands (`deal`, `stage`, …). */
export interface GroupDef {
  aliases: readonly string[];
  /** Its subcommands typed without the group (`move x`) are suggested with it (`deal move`). */
  suggestBare?: boolean;
  /** Shown as a chat command with its subcommands that have a `chat` definition. */
  chat?: { description: ChatTextKey };
}

export interface Registry {
  /** In help order. */
  commands: readonly CommandDef[];
  groups: Readonly<Record<string, GroupDef>>;
}

/** The command key shown in help and usage lines, e.g. 'deal move'. */
export function keyOf(def: CommandDef): string {
  return def.words.join(' ');
}

export function describe(def: CommandDef, locale: Locale): string {
  return locale === 'zh-CN' ? def.summary.zh : def.summary.en;
}

/** Declares a command; its summary is registered with the other catalogues (checked in both locales). */
export function defineCommand<A extends object>(def: CommandDef<A>): CommandDef {
  defineTexts(`command:${def.id}`, { summary: def.summary.en }, { summary: def.summary.zh });
  return def as unknown as CommandDef;
}
