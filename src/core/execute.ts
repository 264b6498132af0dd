// The one entry point of the command language: text, or a command with typed
// arguments (chat options, forms), in; a Reply out; never a throw. It reads or
// validates the input, checks who may run the command, runs it, and turns every
// thrown error into a reply code, logging it once, here, through the error sink.

import { defineTexts } from './i18n.js';
import type { Command } from './commands.js';
import { commandOf, parseText, type Parsed } from './parser/dispatch.js';
import { usage, UsageError } from './parser/errors.js';
import { commandById, REGISTRY } from './registry/list.js';
import type { CommandDef } from './registry/types.js';
import { chatTokens, type OptionValue } from './registry/chat-input.js';
import { renderUsage } from './registry/usage.js';
import { fail, type Reply } from './reply.js';
import type { Locale } from './model.js';
import { atLeast, localeOf, type Context } from './usecases/context.js';

/** A command with arguments already typed, e.g. `{ command: 'deal.move', args: { name, stage } }`. */
export interface TypedInput {
  command: string;
  args: Readonly<Record<string, unknown>>;
}

/** A chat command's options as the platform sends them, e.g. Discord's `{ name, stage, override }`. */
export interface ChatInput {
  command: string;
  options: Readonly<Record<string, OptionValue>>;
}

export type Input = string | TypedInput | ChatInput;

/** Receives every unexpected error once, with what was being run. */
export type ErrorSink = (err: unknown, input: string) => void;

const texts = defineTexts(
  'dispatch',
  {
    unavailable: 'The database is not reachable right now; nothing was changed. Please try again in a moment.',
    internal: 'Something went wrong on our side; nothing was changed. The error was logged.',
    badOption: 'Invalid value for {field}.',
  },
  {
    unavailable: '数据库暂时无法连接，未做任何修改。请稍后重试。',
    internal: '系统内部出错，未做任何修改。错误已记录。',
    badOption: '{field} 的值无效。',
  },
);

/** Marks storage errors that mean "the database cannot be reached". */
export function isUnavailable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { unavailable?: unknown }).unavailable === true;
}

/** The reply for an unexpected failure: no stack trace, no internals, a stable code. */
export function errorReply(err: unknown, locale: Locale): Reply {
  if (isUnavailable(err)) return fail('UNAVAILABLE', texts(locale, 'unavailable'));
  return fail('INTERNAL', texts(locale, 'internal'));
}

function describeInput(input: Input): string {
  return typeof input === 'string' ? input : `${input.command} ${JSON.stringify('args' in input ? input.args : input.options)}`;
}

/** Chat options read by the command's own reader, then checked like any typed input. */
function fromChat(input: ChatInput): Parsed {
  const def = commandById(input.command);
  if (def === undefined) return usage('unknownCommand', { word: input.command });
  return typed({ command: def.id, args: def.parse(chatTokens(def, input.options)) as Record<string, unknown> });
}

/** Typed arguments checked against the command's zod shape; a bad one is a USAGE error. */
function typed(input: TypedInput): Parsed {
  const def = commandById(input.command);
  if (def === undefined) return usage('unknownCommand', { word: input.command });
  const checked = def.args.safeParse(input.args);
  if (!checked.success) {
    const field = checked.error.issues[0]?.path.join('.') ?? '';
    throw new BadOption(field, def);
  }
  return { def, args: checked.data };
}

class BadOption extends Error {
  constructor(
    readonly field: string,
    readonly def: CommandDef,
  ) {
    super(`bad option ${field}`);
  }
}

/** Runs a command after checking the actor's role against the one it declares. */
export function runChecked(ctx: Context, parsed: Parsed): Promise<Reply> {
  const role = parsed.def.role;
  if (role && !atLeast(ctx.actor.role, role.least)) return Promise.resolve(fail('FORBIDDEN', role.denied(localeOf(ctx))));
  return parsed.def.run(ctx, parsed.args, REGISTRY);
}

function read(locale: Locale, input: Input): Parsed | Reply {
  try {
    if (typeof input === 'string') return parseText(input);
    return 'args' in input ? typed(input) : fromChat(input);
  } catch (err) {
    if (err instanceof BadOption) {
      const text = texts(locale, 'badOption', { field: err.field || err.def.id });
      return fail('USAGE', text, { usage: err.def.usage });
    }
    // UsageError is the only expected failure; anything else is a parser bug, but a
    // chat message must never crash the bot, so it still answers USAGE.
    return renderUsage(locale, err instanceof UsageError ? err : new UsageError('internal'));
  }
}

/** Reads and checks `input` without running it: the command, or the USAGE reply. */
export function readCommand(input: Input, locale: Locale): { ok: true; command: Command } | { ok: false; reply: Reply } {
  const parsed = read(locale, input);
  return 'def' in parsed ? { ok: true, command: commandOf(parsed) } : { ok: false, reply: parsed };
}

/**
 * Runs `input` as `ctx.actor`. `onRead` sees the command once it is read and checked,
 * before it runs (a chat adapter keeps it to offer a form when a move is blocked).
 */
export async function execute(
  ctx: Context,
  input: Input,
  onError: ErrorSink = () => {},
  onRead?: (command: Command) => void,
): Promise<Reply> {
  const parsed = read(localeOf(ctx), input);
  if (!('def' in parsed)) return parsed;
  onRead?.(commandOf(parsed));
  try {
    return await runChecked(ctx, parsed);
  } catch (err) {
    onError(err, describeInput(input));
    return errorReply(err, localeOf(ctx));
  }
}
