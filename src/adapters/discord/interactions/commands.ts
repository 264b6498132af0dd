// Chat-input (slash) commands: the interaction's typed options go to core's execute as
// they are; its reply becomes embeds.
import { ApplicationCommandOptionType, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { execute } from '../../../core/execute.js';
import type { OptionValue } from '../../../core/registry/chat-input.js';
import { inputOf, type SlashInput } from '../definitions.js';
import { memberRefOf } from '../identity.js';
import { actionOf, type FormAction } from '../modal.js';
import { discordText } from '../texts.js';
import type { Kit } from './kit.js';

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

export async function onCommand(kit: Kit, i: ChatInputCommandInteraction): Promise<void> {
  const ref = memberRefOf(i);
  const locale = kit.fallbackLocale(ref);
  if (!ref) return kit.notice(i, discordText(locale, 'noGuild'));
  await kit.respond(i, locale, async () => {
    if (!(await kit.claim(i.id))) {
      kit.logger.info({ interaction: i.id }, 'discord duplicate interaction skipped');
      return null;
    }
    const ctx = await kit.contextOf(ref);
    let action: FormAction | undefined;
    let help = false;
    const onError = (err: unknown, input: string) =>
      kit.logger.error({ err, input, workspace: ctx.workspace.id }, 'discord command failed');
    const reply = await execute(ctx, inputOf(slashInputOf(i)), onError, (cmd) => {
      action = actionOf(cmd);
      help = cmd.type === 'help';
    });
    return kit.render(ctx, reply, action, help);
  });
}
