// "Complete and move": a move was blocked by its gate; the member filled in the missing
// fields (the form core/completion.ts describes). The fields are checked with the rules
// of the typed commands, applied, and the move retried, in one write: when the move
// still fails, none of the submitted fields is kept. Chat adapters only render the form
// and pass the submission here.

import type { Command } from '../commands.js';
import { completionCommands, type FieldId } from '../completion.js';
import { LOST_REASONS, type Deal, type LostReason } from '../model.js';
import type { Reply } from '../reply.js';
import { localeOf, type Context } from './context.js';
import { applyFields, dealUpdate, withCompetitor, withContact } from './deals.js';
import { changeStage, moveRequest, type MoveCommand } from './move.js';

export type { MoveCommand } from './move.js';

/** A form's submitted values, as typed, by field. */
export type FormValues = Partial<Record<FieldId, string>>;

/**
 * 'invalid': a value cannot be read (the reply says which; offer the form again).
 * 'done': the use case ran; its reply may still refuse (a gate, a permission).
 */
export type CompletionOutcome = { kind: 'invalid'; reply: Reply } | { kind: 'done'; reply: Reply };

type Change = (deal: Deal) => Deal;

function changeOf(ctx: Context, commands: readonly Command[]): Change {
  return (deal) =>
    commands.reduce((d, cmd) => {
      switch (cmd.type) {
        case 'deal.contact':
          return withContact(d, cmd, ctx.clock.now()).deal;
        case 'deal.set':
          return applyFields(d, cmd.fields);
        case 'deal.competitor':
          return withCompetitor(d, cmd.competitor);
        default:
          return d;
      }
    }, deal);
}

function readValues(ctx: Context, deal: string, values: FormValues): { ok: true; change: Change } | { ok: false; reply: Reply } {
  const completion = completionCommands(deal, values, localeOf(ctx));
  return completion.ok ? { ok: true, change: changeOf(ctx, completion.commands) } : completion;
}

/** The blocked move again, with a loss reason and note from the form when given. */
export function retriedMove(blocked: MoveCommand, values: FormValues): MoveCommand {
  if (blocked.type !== 'deal.lost') return blocked;
  const reason = LOST_REASONS.find((r): r is LostReason => r === values.lost_reason?.trim());
  const note = values.lost_note?.trim();
  return { ...blocked, ...(reason && { reason }), ...(note && { note }) };
}

/** Applies the submitted fields and retries the move, all or nothing. */
export async function completeMove(ctx: Context, blocked: MoveCommand, values: FormValues): Promise<CompletionOutcome> {
  const read = readValues(ctx, blocked.name, values);
  if (!read.ok) return { kind: 'invalid', reply: read.reply };
  const req = moveRequest(retriedMove(blocked, values));
  const prepare = req.prepare;
  const reply = await changeStage(ctx, { ...req, prepare: (d) => (prepare ? prepare(read.change(d)) : read.change(d)) });
  return { kind: 'done', reply };
}

/** Records the fields of one step of a form given in several steps (one write); the last step calls completeMove. */
export async function saveCompletionStep(ctx: Context, deal: string, values: FormValues): Promise<CompletionOutcome> {
  const read = readValues(ctx, deal, values);
  if (!read.ok) return { kind: 'invalid', reply: read.reply };
  return { kind: 'done', reply: await dealUpdate(ctx, deal, read.change) };
}
