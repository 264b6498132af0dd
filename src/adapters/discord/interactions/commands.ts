// Chat-input (slash) commands: options → the core command, its reply as embeds.
import { ApplicationCommandOptionType, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { parseCommand } from '../../../core/parser.js';
import { memberRefOf } from '../identity.js';
import { actionOf } from '../modal.js';
import { discordText } from '../texts.js';
import { toCommandText, type OptionValue, type SlashInput } from '../translate.js';
import type { Kit } from './kit.js';

function slashInputOf(i: ChatInputCommandInteraction | AutocompleteInteraction): SlashInput {
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
    const text = toCommandText(slashInputOf(i));
    const parsed = parseCommand(text, ctx.workspace.locale);
    if (!parsed.ok) return kit.render(ctx, parsed.reply);
    const reply = await kit.run(ctx, parsed.command, text);
    return kit.render(ctx, reply, actionOf(parsed.command));
  });
}
