// Slash commands, the "Complete and move" button and its modal. Every listener
// acknowledges first (Slack's 3-second rule) and then does the work, which answers
// through response_url. Deliveries Slack repeats are applied once (claimDelivery).
import type { App as BoltApp, SlashCommand, webApi } from '@slack/bolt';
import type { App } from '../../app.js';
import { completionCommands, type FieldId } from '../../core/completion.js';
import type { Locale } from '../../core/model.js';
import { parseCommand } from '../../core/parser.js';
import type { Reply } from '../../core/reply.js';
import { errorReply, handleText, runCommand, type Context } from '../../core/usecases/index.js';
import type { Logger } from '../log.js';
import { announceCommand, announceMove } from './announce.js';
import { renderReply, type SlackMessage } from './blocks.js';
import { routeSlash, SLASH_COMMANDS } from './commands.js';
import type { IdentityResolver, SlackUserRef } from './identity.js';
import {
  COMPLETE_ACTION,
  COMPLETE_VIEW,
  completionModal,
  pendingFromButton,
  retryCommand,
  stateFromView,
  submittedValues,
  validateSubmission,
  type ModalState,
} from './modal.js';
import type { Responder } from './respond.js';
import { slackText } from './texts.js';

export interface ListenerDeps {
  app: App;
  client: webApi.WebClient;
  identities: IdentityResolver;
  respond: Responder;
  logger: Logger;
  /** Keeps work started after an ack, so stop() can wait for it. */
  track(work: Promise<unknown>): void;
}

/** Repeated interactions (same trigger) seen by this process; a cheap guard where the database must not be waited for. */
class RecentKeys {
  private keys = new Map<string, number>();
  firstTime(key: string, ttlMs = 10 * 60_000): boolean {
    const now = Date.now();
    for (const [k, at] of this.keys) if (now - at > ttlMs) this.keys.delete(k);
    if (this.keys.has(key)) return false;
    this.keys.set(key, now);
    return true;
  }
}

/**
 * Lets one round of pending I/O (acks just sent, other requests waiting for theirs) go
 * first: an embedded database computes on this thread and would hold them up. The
 * second setImmediate runs after the event loop's next poll phase.
 */
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

async function stageNames(ctx: Context, reply: Reply): Promise<Record<string, string> | undefined> {
  const data = reply.data ?? {};
  if (!Array.isArray(data.events) && reply.code !== 'GATE_BLOCKED') return undefined;
  const pipeline = await ctx.store.getPipeline(ctx.workspace.id);
  return Object.fromEntries(pipeline.map((s) => [s.key, s.name]));
}

async function render(ctx: Context, reply: Reply, command: string, help = false): Promise<SlackMessage> {
  const names = await stageNames(ctx, reply);
  return renderReply(reply, { locale: ctx.workspace.locale, command, help, ...(names && { stageNames: names }) });
}

export function registerListeners(bolt: BoltApp, deps: ListenerDeps): void {
  const { app, logger } = deps;
  const defaultLocale: Locale = app.config.defaultLocale;
  const onError = (err: unknown, input: string) => logger.error({ err, input }, 'slack command failed');
  const recent = new RecentKeys();

  /** Claims a delivery; false (and logged) when it was handled before. */
  async function firstDelivery(key: string): Promise<boolean> {
    if (await app.store.claimDelivery(key)) return true;
    logger.info({ key }, 'slack delivery repeated; skipped');
    return false;
  }

  async function failed(url: string, err: unknown, locale: Locale): Promise<void> {
    logger.error({ err }, 'slack request failed');
    await deps.respond(url, renderReply(errorReply(err, locale), { locale }));
  }

  // --- slash commands -------------------------------------------------------------
  async function onCommand(cmd: SlashCommand): Promise<void> {
    let locale = defaultLocale;
    try {
      await yieldToIo();
      if (!(await firstDelivery(`slack:command:${cmd.team_id}:${cmd.trigger_id}`))) return;
      const ref: SlackUserRef = { teamId: cmd.team_id, teamName: cmd.team_domain, userId: cmd.user_id, userName: cmd.user_name };
      const ctx = await app.context({ ...(await deps.identities.resolve(ref)), channel: { adapter: 'slack', channel: cmd.channel_id } });
      locale = ctx.workspace.locale;
      const route = routeSlash(cmd.command, cmd.text);
      if (route.kind === 'announce') {
        await deps.respond(cmd.response_url, await announceCommand(ctx, route.arg, cmd.channel_id, deps.client, logger));
        return;
      }
      const reply = await handleText(ctx, route.text, onError);
      await deps.respond(cmd.response_url, await render(ctx, reply, route.text, route.help));
      await announceMove(ctx, reply, deps.client, logger);
    } catch (err) {
      await failed(cmd.response_url, err, locale);
    }
  }

  for (const name of SLASH_COMMANDS) {
    bolt.command(name, async ({ command, ack }) => {
      await ack();
      deps.track(onCommand(command));
    });
  }

  // --- "Complete and move" button → modal --------------------------------------------
  bolt.action(COMPLETE_ACTION, async ({ ack, body, action }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    // The trigger_id is valid for 3 seconds: the modal opens from the button's own data, no database.
    if (!recent.firstTime(`action:${body.trigger_id}`)) return;
    const pending = pendingFromButton(action.value);
    if (!pending) return;
    const state: ModalState = { ...pending, ...(body.response_url && { responseUrl: body.response_url }) };
    const view = completionModal(state);
    deps.track(
      (async () => {
        if (!view) {
          if (body.response_url) await deps.respond(body.response_url, renderReply({ ok: false, code: 'INVALID', text: slackText(pending.locale, 'buttonGone') }, { locale: pending.locale }));
          return;
        }
        await deps.client.views.open({ trigger_id: body.trigger_id, view });
      })().catch((err: unknown) => logger.error({ err }, 'slack views.open failed')),
    );
  });

  // --- modal submitted → save the fields, retry the move -------------------------------
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
    deps.track(completeMove(ref, view.id, state, values));
  });

  async function completeMove(ref: SlackUserRef, viewId: string, state: ModalState, values: Partial<Record<FieldId, string>>): Promise<void> {
    // Without a response_url (a message that offers none) the answer goes to the user's DM with the app.
    const answer = (message: SlackMessage, replace = false) =>
      state.responseUrl
        ? deps.respond(state.responseUrl, message, { replace })
        : deps.client.chat.postMessage({ channel: ref.userId, text: message.text, blocks: message.blocks }).then(() => true);
    try {
      await yieldToIo();
      // A view is submitted successfully once: its id is the delivery key.
      if (!(await firstDelivery(`slack:view:${ref.teamId}:${viewId}`))) return;
      const ctx = await app.context(await deps.identities.resolve(ref));
      const locale = ctx.workspace.locale;
      const show = async (reply: Reply, replace = false) => answer(await render(ctx, reply, state.command), replace);
      const parsed = parseCommand(state.command, locale);
      if (!parsed.ok) return void (await show(parsed.reply));
      const completion = completionCommands(state.deal, values, locale);
      if (!completion.ok) return void (await show(completion.reply));
      for (const command of completion.commands) {
        const saved = await runCommand(ctx, command);
        // The blocked card stays (its button still works); the problem is shown below it.
        if (!saved.ok) return void (await show(saved));
      }
      const reply = await runCommand(ctx, retryCommand(parsed.command, values));
      await show(reply, true);
      await announceMove(ctx, reply, deps.client, logger);
    } catch (err) {
      logger.error({ err }, 'slack completion failed');
      await answer(renderReply(errorReply(err, state.locale), { locale: state.locale })).catch(() => false);
    }
  }
}
