// The command language's entry points for callers that predate `execute` (../execute.ts).

import type { Command } from '../commands.js';
import { execute, runChecked, type ErrorSink } from '../execute.js';
import { commandById } from '../registry/list.js';
import type { Reply } from '../reply.js';
import type { Context } from './context.js';

export type { Context } from './context.js';
export { changeStage } from './move.js';
export { errorReply, isUnavailable, type ErrorSink } from '../execute.js';

/** @deprecated Jobs will call typed queries; others call `execute(ctx, { command, args })`. */
export function runCommand(ctx: Context, cmd: Command): Promise<Reply> {
  const { type, ...args } = cmd;
  const def = commandById(type);
  if (def === undefined) throw new Error(`unregistered command ${type}`);
  return runChecked(ctx, { def, args });
}

/** @deprecated Call `execute(ctx, text, onError)`. */
export function handleText(ctx: Context, input: string, onError: ErrorSink = () => {}): Promise<Reply> {
  return execute(ctx, input, onError);
}
