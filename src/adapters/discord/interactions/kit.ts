// What every interaction handler shares: the member's context, running a command
// with the error boundary, rendering replies as embeds, and answering within
// Discord's 3 seconds.
//
// Discord's rules kept here:
// - an answer within 3 s: if the work is not done after `deferAfterMs` (1.5 s), the
//   interaction is deferred and the result follows as an edit of the deferred reply
//   (or, for an error only the member should see, as an ephemeral follow-up);
// - a duplicate delivery never applies twice: `Store.claimDelivery` lets only the
//   first claim win in any process.

import {
  MessageFlags,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type RepliableInteraction,
} from 'discord.js';
import type { AppPort } from '../../../core/app-port.js';
import type { Command } from '../../../core/commands.js';
import type { Locale } from '../../../core/model.js';
import type { Reply } from '../../../core/reply.js';
import { errorReply, runCommand, type Context } from '../../../core/usecases/index.js';
import type { Logger } from '../../log.js';
import { COLORS, errorEmbed, fitMessage, replyEmbed } from '../embeds.js';
import { discordContext, type DiscordMemberRef } from '../identity.js';
import { blockedMessage, formButton, type FormAction, type FormState } from '../modal.js';
import { discordText } from '../texts.js';

export interface RouterOptions {
  app: AppPort;
  logger: Logger;
  /** DISCORD_MANAGER_ROLE: a role name or id whose members are managers. */
  managerRole?: string | undefined;
  /** Defer when the answer is not ready after this long (Discord allows 3 s, network included). */
  deferAfterMs?: number;
  /** Autocomplete cannot be deferred: answer with nothing after this long. */
  autocompleteTimeoutMs?: number;
}

/** What to send: embeds, buttons, and whether only the member sees it. */
export interface Outgoing {
  embeds: APIEmbed[];
  components?: APIActionRowComponent<APIButtonComponent>[];
  ephemeral: boolean;
}

export function payload(out: Outgoing) {
  return {
    embeds: fitMessage(out.embeds),
    components: out.components ?? [],
    allowedMentions: { parse: [] },
  };
}

export function info(text: string, ephemeral = true): Outgoing {
  return { embeds: [{ description: text, color: COLORS.info }], ephemeral };
}

export function failure(reply: Reply, locale: Locale, retry?: FormState): Outgoing {
  const out: Outgoing = { embeds: [errorEmbed(reply, locale)], ephemeral: true };
  if (retry) out.components = [formButton(retry, discordText(locale, 'tryAgain'))];
  return out;
}

/** The message for a reply; `action` makes a blocked move offer the form; help is for the member who asked. */
async function render(ctx: Context, reply: Reply, action?: FormAction, help = false): Promise<Outgoing> {
  const locale = ctx.workspace.locale;
  if (reply.code === 'GATE_BLOCKED') {
    const m = blockedMessage(reply, action, locale);
    return { embeds: m.embeds, components: m.components, ephemeral: true };
  }
  let stageName: ((key: string) => string) | undefined;
  if (reply.ok && Array.isArray(reply.data?.events)) {
    const pipeline = await ctx.store.getPipeline(ctx.workspace.id);
    stageName = (key) => pipeline.find((s) => s.key === key)?.name ?? key;
  }
  return { embeds: [replyEmbed(reply, { locale, ...(stageName && { stageName }) })], ephemeral: !reply.ok || (help && reply.ok) };
}

/** Sends `out` once the interaction was deferred publicly. */
async function afterDefer(logger: Logger, i: RepliableInteraction, out: Outgoing): Promise<void> {
  if (!out.ephemeral) {
    await i.editReply(payload(out));
    return;
  }
  // The deferral is visible to the channel; an error is for the member only.
  try {
    await i.deleteReply();
    await i.followUp({ ...payload(out), flags: MessageFlags.Ephemeral });
  } catch (err) {
    logger.warn({ err, interaction: i.id }, 'discord ephemeral follow-up failed; editing the reply instead');
    await i.editReply(payload(out));
  }
}

/**
 * Runs `work` and answers with its result, deferring first if it takes longer than
 * `deferAfterMs`. `work` returns null when there is nothing to send (a duplicate).
 */
async function respond(
  logger: Logger,
  deferAfterMs: number,
  i: RepliableInteraction,
  locale: Locale,
  work: () => Promise<Outgoing | null>,
): Promise<void> {
  const state: { deferral?: Promise<boolean> } = {};
  const timer = setTimeout(() => {
    state.deferral = i.deferReply().then(
      () => true,
      (err: unknown) => {
        logger.warn({ err, interaction: i.id }, 'discord defer failed');
        return false;
      },
    );
  }, deferAfterMs);
  let out: Outgoing | null;
  try {
    out = await work();
  } catch (err) {
    logger.error({ err, interaction: i.id }, 'discord interaction failed');
    out = failure(errorReply(err, locale), locale);
  } finally {
    clearTimeout(timer);
  }
  if (out === null) return;
  if (state.deferral) {
    if (await state.deferral) await afterDefer(logger, i, out);
    return;
  }
  await i.reply({ ...payload(out), ...(out.ephemeral && { flags: MessageFlags.Ephemeral }) });
}

export type Kit = ReturnType<typeof createKit>;

export function createKit(options: RouterOptions) {
  const { app, logger } = options;
  const deferAfterMs = options.deferAfterMs ?? 1500;
  return {
    logger,
    options,
    claim: (id: string) => app.store.claimDelivery(`discord:interaction:${id}`),
    fallbackLocale: (ref: DiscordMemberRef | null): Locale =>
      ref?.guildLocale === 'zh-CN' || ref?.guildLocale === 'zh-TW' ? 'zh-CN' : app.config.defaultLocale,
    contextOf: (ref: DiscordMemberRef) => discordContext(app, ref, options.managerRole),
    async run(ctx: Context, cmd: Command, input: string): Promise<Reply> {
      try {
        return await runCommand(ctx, cmd);
      } catch (err) {
        logger.error({ err, input, workspace: ctx.workspace.id }, 'discord command failed');
        return errorReply(err, ctx.workspace.locale);
      }
    },
    render,
    respond: (i: RepliableInteraction, locale: Locale, work: () => Promise<Outgoing | null>) => respond(logger, deferAfterMs, i, locale, work),
    /** Tells the member something only they see, at once (no work to wait for). */
    async notice(i: RepliableInteraction, text: string): Promise<void> {
      await i.reply({ ...payload(info(text)), flags: MessageFlags.Ephemeral });
    },
  };
}
