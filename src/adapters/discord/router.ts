// One entry for every interaction: slash commands, autocomplete, the form buttons and
// modal submits. One try/catch here; handlers return what to send.
//
// Discord's rules kept here:
// - an answer within 3 s: if the work is not done after `deferAfterMs` (1.5 s), the
//   interaction is deferred and the result follows as an edit of the deferred reply
//   (or, for an error only the member should see, as an ephemeral follow-up);
// - a duplicate delivery never applies twice: ids seen in this process are dropped at
//   once, and `Store.claimDelivery` lets only the first claim win in any process.

import {
  ApplicationCommandOptionType,
  MessageFlags,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type ModalSubmitInteraction,
  type RepliableInteraction,
} from 'discord.js';
import type { App } from '../../app.js';
import type { Command } from '../../core/commands.js';
import { completionCommands } from '../../core/completion.js';
import type { Locale } from '../../core/model.js';
import type { Reply } from '../../core/reply.js';
import { errorReply, runCommand, type Context } from '../../core/usecases/index.js';
import type { Logger } from '../log.js';
import { completeOption, type Choice } from './autocomplete.js';
import { inputOf, optionSpec, type SlashInput } from './definitions.js';
import { COLORS, errorEmbed, fitMessage, replyEmbed } from './embeds.js';
import { discordContext, memberRefOf, type DiscordMemberRef } from './identity.js';
import {
  actionOf,
  blockedMessage,
  buildModal,
  decodeForm,
  formButton,
  formSteps,
  isFormId,
  retryCommand,
  submittedValues,
  type FormAction,
  type FormState,
} from './modal.js';
import { discordText } from './texts.js';
import type { OptionValue } from '../../core/registry/chat-input.js';
import { execute } from '../../core/execute.js';

export interface RouterOptions {
  app: App;
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

export interface Router {
  handle(interaction: Interaction): Promise<void>;
  /** Stops taking interactions and waits for those in flight. */
  drain(): Promise<void>;
}

const SEEN_MAX = 5000;

export function slashInputOf(i: ChatInputCommandInteraction | AutocompleteInteraction): SlashInput {
  let sub: string | null = null;
  let data = i.options.data;
  const first = data[0];
  if (first && first.type === ApplicationCommandOptionType.SubcommandGroup) {
    data = first.options ?? [];
  }
  const head = data[0];
  if (head && head.type === ApplicationCommandOptionType.Subcommand) {
    sub = head.name;
    data = head.options ?? [];
  }
  const options: Record<string, OptionValue> = {};
  for (const o of data) {
    if (o.value !== undefined && o.value !== null) options[o.name] = o.value;
  }
  return { command: i.commandName, sub, options };
}

export function createRouter(options: RouterOptions): Router {
  const { app, logger } = options;
  const deferAfterMs = options.deferAfterMs ?? 1500;
  const autocompleteTimeoutMs = options.autocompleteTimeoutMs ?? 2500;
  const seen = new Map<string, true>();
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  function firstSighting(id: string): boolean {
    if (seen.has(id)) return false;
    seen.set(id, true);
    if (seen.size > SEEN_MAX) seen.delete(seen.keys().next().value as string);
    return true;
  }

  const claim = (id: string) => app.store.claimDelivery(`discord:interaction:${id}`);
  const fallbackLocale = (ref: DiscordMemberRef | null): Locale =>
    ref?.guildLocale === 'zh-CN' || ref?.guildLocale === 'zh-TW' ? 'zh-CN' : app.config.defaultLocale;
  const contextOf = (ref: DiscordMemberRef) => discordContext(app, ref, options.managerRole);

  const onError = (ctx: Context) => (err: unknown, input: string) =>
    logger.error({ err, input, workspace: ctx.workspace.id }, 'discord command failed');

  async function run(ctx: Context, cmd: Command, input: string): Promise<Reply> {
    try {
      return await runCommand(ctx, cmd);
    } catch (err) {
      onError(ctx)(err, input);
      return errorReply(err, ctx.workspace.locale);
    }
  }

  /** The message for a reply; `action` makes a blocked move offer the form. */
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
    return { embeds: [replyEmbed(reply, { locale, ...(stageName && { stageName }) })], ephemeral: !reply.ok || help };
  }

  function info(text: string, ephemeral = true): Outgoing {
    return { embeds: [{ description: text, color: COLORS.info }], ephemeral };
  }

  function failure(reply: Reply, locale: Locale, retry?: FormState): Outgoing {
    const out: Outgoing = { embeds: [errorEmbed(reply, locale)], ephemeral: true };
    if (retry) out.components = [formButton(retry, discordText(locale, 'tryAgain'))];
    return out;
  }

  function payload(out: Outgoing) {
    return {
      embeds: fitMessage(out.embeds),
      components: out.components ?? [],
      allowedMentions: { parse: [] },
    };
  }

  /** Sends `out` once the interaction was deferred publicly. */
  async function afterDefer(i: RepliableInteraction, out: Outgoing): Promise<void> {
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
  async function respond(i: RepliableInteraction, locale: Locale, work: () => Promise<Outgoing | null>): Promise<void> {
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
      if (await state.deferral) await afterDefer(i, out);
      return;
    }
    await i.reply({ ...payload(out), ...(out.ephemeral && { flags: MessageFlags.Ephemeral }) });
  }

  async function onCommand(i: ChatInputCommandInteraction): Promise<void> {
    const ref = memberRefOf(i);
    const locale = fallbackLocale(ref);
    if (!ref) {
      await i.reply({ ...payload(info(discordText(locale, 'noGuild'))), flags: MessageFlags.Ephemeral });
      return;
    }
    await respond(i, locale, async () => {
      if (!(await claim(i.id))) {
        logger.info({ interaction: i.id }, 'discord duplicate interaction skipped');
        return null;
      }
      const ctx = await contextOf(ref);
      let action: FormAction | undefined;
      let help = false;
      const reply = await execute(ctx, inputOf(slashInputOf(i)), onError(ctx), (cmd) => {
        action = actionOf(cmd);
        help = cmd.type === 'help';
      });
      // Help is for the member who asked.
      return render(ctx, reply, action, help && reply.ok);
    });
  }

  async function onAutocomplete(i: AutocompleteInteraction): Promise<void> {
    const ref = memberRefOf(i);
    const focused = i.options.getFocused(true);
    const spec = optionSpec(i.commandName, i.options.getSubcommand(false), focused.name);
    let choices: Choice[] = [];
    if (ref && spec?.complete) {
      const kind = spec.complete;
      const typed = String(focused.value ?? '');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<Choice[]>((resolve) => {
        timer = setTimeout(() => resolve([]), autocompleteTimeoutMs);
      });
      const work = contextOf(ref).then((ctx) => completeOption(kind, typed, ctx));
      work.catch((err: unknown) => logger.warn({ err, interaction: i.id }, 'discord autocomplete failed'));
      choices = await Promise.race([work.catch(() => []), timeout]);
      clearTimeout(timer);
    }
    await i.respond(choices);
  }

  async function onButton(i: ButtonInteraction): Promise<void> {
    if (!isFormId(i.customId)) return;
    const decoded = decodeForm(i.customId);
    const locale = decoded.ok ? decoded.state.locale : fallbackLocale(memberRefOf(i));
    const modal = decoded.ok ? buildModal(decoded.state, decoded.state.locale) : null;
    if (!modal) {
      await i.reply({ ...payload(info(discordText(locale, 'formExpired'))), flags: MessageFlags.Ephemeral });
      return;
    }
    // A modal must be the first answer: no database work before it.
    await i.showModal(modal);
  }

  async function onModal(i: ModalSubmitInteraction): Promise<void> {
    if (!isFormId(i.customId)) return;
    const ref = memberRefOf(i);
    const decoded = decodeForm(i.customId);
    const locale = decoded.ok ? decoded.state.locale : fallbackLocale(ref);
    if (!ref || !decoded.ok) {
      await i.reply({ ...payload(info(discordText(locale, ref ? 'formExpired' : 'noGuild'))), flags: MessageFlags.Ephemeral });
      return;
    }
    const state = decoded.state;
    await respond(i, locale, async () => {
      if (!(await claim(i.id))) {
        logger.info({ interaction: i.id }, 'discord duplicate modal submit skipped');
        return null;
      }
      const ctx = await contextOf(ref);
      const wsLocale = ctx.workspace.locale;
      const steps = formSteps(state.missing, state.locale);
      const fields = steps[state.step] ?? [];
      const values = submittedValues(fields, (id) => {
        const c = i.fields.fields.get(id) as { value?: string; values?: readonly string[] } | undefined;
        return c;
      });
      const completion = completionCommands(state.deal, values, wsLocale);
      if (!completion.ok) return failure(completion.reply, wsLocale, state);
      for (const cmd of completion.commands) {
        const r = await run(ctx, cmd, `form ${cmd.type}`);
        if (!r.ok) return failure(r, wsLocale, state);
      }
      if (state.step + 1 < steps.length) {
        const next: FormState = { ...state, step: state.step + 1 };
        const count = steps.slice(state.step + 1).flat().length;
        return { ...info(discordText(wsLocale, 'savedStep', { count })), components: [formButton(next, discordText(wsLocale, 'continue'))] };
      }
      const retry = retryCommand(state, values);
      if (!retry) return info(discordText(wsLocale, 'formExpired'));
      const reply = await run(ctx, retry, `form retry ${retry.type}`);
      return render(ctx, reply, actionOf(retry));
    });
  }

  async function dispatch(i: Interaction): Promise<void> {
    if (i.isAutocomplete()) return onAutocomplete(i);
    if (i.isChatInputCommand()) return onCommand(i);
    if (i.isButton()) return onButton(i);
    if (i.isModalSubmit()) return onModal(i);
  }

  return {
    async handle(i) {
      if (stopping) return;
      if (!firstSighting(i.id)) {
        logger.info({ interaction: i.id }, 'discord duplicate interaction dropped');
        return;
      }
      const p = dispatch(i).catch(async (err: unknown) => {
        logger.error({ err, interaction: i.id, type: i.type }, 'discord interaction handler failed');
        if (i.isRepliable() && !i.replied && !i.deferred) {
          const reply = errorReply(err, app.config.defaultLocale);
          await i
            .reply({ ...payload(failure(reply, app.config.defaultLocale)), flags: MessageFlags.Ephemeral })
            .catch((e: unknown) => logger.warn({ err: e, interaction: i.id }, 'discord error reply failed'));
        }
      });
      inFlight.add(p);
      try {
        await p;
      } finally {
        inFlight.delete(p);
      }
    },
    async drain() {
      stopping = true;
      await Promise.allSettled([...inFlight]);
    },
  };
}
