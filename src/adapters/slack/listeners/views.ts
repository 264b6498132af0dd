// The "Complete and move" modal submitted: checked at once (errors under the inputs),
// then the core's completeMove applies the fields and retries the move in one write.
import type { App as BoltApp } from '@slack/bolt';
import type { Command } from '../../../core/commands.js';
import { parseCommand } from '../../../core/parser.js';
import type { Reply } from '../../../core/reply.js';
import { completeMove, saveCompletionStep, type FormValues, type MoveCommand } from '../../../core/usecases/complete.js';
import { errorReply, type Context } from '../../../core/usecases/index.js';
import { announceMove } from '../announce.js';
import { renderReply, type SlackMessage } from '../blocks.js';
import type { SlackUserRef } from '../identity.js';
import { COMPLETE_VIEW, stateFromView, submittedValues, validateSubmission, type ModalState } from '../modal.js';
import { firstDelivery, render, yieldToIo, type ListenerDeps } from './shared.js';

const isMove = (cmd: Command): cmd is MoveCommand => cmd.type === 'deal.move' || cmd.type === 'deal.won' || cmd.type === 'deal.lost';

/** The blocked move completed; a blocked command that is not a move (deal new) only gets its fields recorded. */
async function complete(ctx: Context, blocked: Command, deal: string, values: FormValues) {
  return isMove(blocked) ? completeMove(ctx, blocked, values) : saveCompletionStep(ctx, deal, values);
}

export function registerViews(bolt: BoltApp, deps: ListenerDeps): void {
  const { app, logger } = deps;

  bolt.view(COMPLETE_VIEW, async ({ ack, body, view }) => {
    const state = stateFromView(view);
    if (!state) {
      await ack();
      return;
    }
    const values = submittedValues(view.state.values);
    // Checked without the database, so the answer (errors under the inputs) is in time.
    const errors = validateSubmission(state, values);
    if (errors) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const ref: SlackUserRef = { teamId, teamName: body.team?.domain, userId: body.user.id, userName: body.user.name };
    deps.track(onSubmit(ref, view.id, state, values));
  });

  async function onSubmit(ref: SlackUserRef, viewId: string, state: ModalState, values: FormValues): Promise<void> {
    // Without a response_url (a message that offers none) the answer goes to the user's DM with the app.
    const answer = (message: SlackMessage, replace = false) =>
      state.responseUrl
        ? deps.respond(state.responseUrl, message, { replace })
        : deps.client.chat.postMessage({ channel: ref.userId, text: message.text, blocks: message.blocks }).then(() => true);
    try {
      await yieldToIo();
      // A view is submitted successfully once: its id is the delivery key.
      if (!(await firstDelivery(deps, `slack:view:${ref.teamId}:${viewId}`))) return;
      const ctx = await app.context(await deps.identities.resolve(ref));
      const show = async (reply: Reply, replace = false) => answer(await render(ctx, reply, state.command), replace);
      const parsed = parseCommand(state.command, ctx.workspace.locale);
      if (!parsed.ok) return void (await show(parsed.reply));
      const outcome = await complete(ctx, parsed.command, state.deal, values);
      // A refused submission leaves the blocked card (its button still works) and shows the problem below it.
      const moved = outcome.kind === 'done' && (outcome.reply.ok || outcome.reply.code === 'GATE_BLOCKED');
      await show(outcome.reply, moved);
      if (moved) await announceMove(ctx, outcome.reply, deps.client, logger);
    } catch (err) {
      logger.error({ err }, 'slack completion failed');
      await answer(renderReply(errorReply(err, state.locale), { locale: state.locale })).catch(() => false);
    }
  }
}
