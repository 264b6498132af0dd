// A form step submitted. An earlier step records its fields and offers "Continue"; the
// last one hands its fields and the blocked move to the core's completeMove, which
// applies them and retries the move in one write.
import type { ModalSubmitInteraction } from 'discord.js';
import type { FormField } from '../../../core/completion.js';
import { completeMove, saveCompletionStep, type FormValues } from '../../../core/usecases/complete.js';
import type { Context } from '../../../core/usecases/context.js';
import { memberRefOf } from '../identity.js';
import { actionOf, decodeForm, formButton, formSteps, isFormId, retryCommand, submittedValues, type FormState } from '../modal.js';
import { discordText } from '../texts.js';
import { failure, info, type Kit, type Outgoing } from './kit.js';

function valuesOf(i: ModalSubmitInteraction, fields: readonly FormField[]): FormValues {
  return submittedValues(fields, (id) => i.fields.fields.get(id) as { value?: string; values?: readonly string[] } | undefined);
}

async function saveStep(ctx: Context, state: FormState, values: FormValues, remaining: number): Promise<Outgoing> {
  const locale = ctx.workspace.locale;
  const outcome = await saveCompletionStep(ctx, state.deal, values);
  if (!outcome.reply.ok) return failure(outcome.reply, locale, state);
  const next: FormState = { ...state, step: state.step + 1 };
  return { ...info(discordText(locale, 'savedStep', { count: remaining })), components: [formButton(next, discordText(locale, 'continue'))] };
}

async function lastStep(kit: Kit, ctx: Context, state: FormState, values: FormValues): Promise<Outgoing> {
  const locale = ctx.workspace.locale;
  const blocked = retryCommand(state, values);
  if (!blocked) return info(discordText(locale, 'formExpired'));
  const outcome = await completeMove(ctx, blocked, values);
  if (outcome.kind === 'invalid') return failure(outcome.reply, locale, state);
  return kit.render(ctx, outcome.reply, actionOf(blocked));
}

export async function onModal(kit: Kit, i: ModalSubmitInteraction): Promise<void> {
  if (!isFormId(i.customId)) return;
  const ref = memberRefOf(i);
  const decoded = decodeForm(i.customId);
  const locale = decoded.ok ? decoded.state.locale : kit.fallbackLocale(ref);
  if (!ref || !decoded.ok) return kit.notice(i, discordText(locale, ref ? 'formExpired' : 'noGuild'));
  const state = decoded.state;
  await kit.respond(i, locale, async () => {
    if (!(await kit.claim(i.id))) {
      kit.logger.info({ interaction: i.id }, 'discord duplicate modal submit skipped');
      return null;
    }
    const ctx = await kit.contextOf(ref);
    const steps = formSteps(state.missing, state.locale);
    const values = valuesOf(i, steps[state.step] ?? []);
    const remaining = steps.slice(state.step + 1).flat().length;
    return remaining > 0 ? saveStep(ctx, state, values, remaining) : lastStep(kit, ctx, state, values);
  });
}
