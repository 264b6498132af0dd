// The single entry point of the command language: text in, Reply out, never a throw.

import type { Command } from '../commands.js';
import { defineTexts } from '../i18n.js';
import type { Locale } from '../model.js';
import { parseCommand } from '../parser.js';
import { commandById, REGISTRY } from '../registry/list.js';
import { fail, type Reply } from '../reply.js';
import { localeOf, type Context } from './context.js';

export type { Context } from './context.js';
export { changeStage } from './move.js';

const texts = defineTexts(
  'dispatch',
  {
    unavailable: 'The database is not reachable right now; nothing was changed. Please try again in a moment.',
    internal: 'Something went wrong on our side; nothing was changed. The error was logged.',
  },
  {
    unavailable: '数据库暂时无法连接，未做任何修改。请稍后重试。',
    internal: '系统内部出错，未做任何修改。错误已记录。',
  },
);

export function runCommand(ctx: Context, cmd: Command): Promise<Reply> {
  const { type, ...args } = cmd;
  const def = commandById(type);
  if (def === undefined) throw new Error(`unregistered command ${type}`);
  return def.run(ctx, args, REGISTRY);
}

export interface ErrorSink {
  (err: unknown, input: string): void;
}

/** Marks storage errors that mean "the database cannot be reached". */
export function isUnavailable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { unavailable?: unknown }).unavailable === true;
}

export async function handleText(ctx: Context, input: string, onError: ErrorSink = () => {}): Promise<Reply> {
  const parsed = parseCommand(input, localeOf(ctx));
  if (!parsed.ok) return parsed.reply;
  try {
    return await runCommand(ctx, parsed.command);
  } catch (err) {
    onError(err, input);
    return errorReply(err, localeOf(ctx));
  }
}

/** The reply for an unexpected failure: no stack trace, no internals, a stable code. */
export function errorReply(err: unknown, locale: Locale): Reply {
  if (isUnavailable(err)) return fail('UNAVAILABLE', texts(locale, 'unavailable'));
  return fail('INTERNAL', texts(locale, 'internal'));
}
