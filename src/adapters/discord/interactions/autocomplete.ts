// Autocomplete: deal names, stages, periods; it cannot be deferred, so a slow answer is an empty one.
import type { AutocompleteInteraction } from 'discord.js';
import { completeOption, type Choice } from '../autocomplete.js';
import { optionSpec } from '../definitions.js';
import { memberRefOf } from '../identity.js';
import type { Kit } from './kit.js';

export async function onAutocomplete(kit: Kit, i: AutocompleteInteraction): Promise<void> {
  const ref = memberRefOf(i);
  const focused = i.options.getFocused(true);
  const spec = optionSpec(i.commandName, i.options.getSubcommand(false), focused.name);
  let choices: Choice[] = [];
  if (ref && spec?.complete) {
    const kind = spec.complete;
    const typed = String(focused.value ?? '');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Choice[]>((resolve) => {
      timer = setTimeout(() => resolve([]), kit.options.autocompleteTimeoutMs ?? 2500);
    });
    const work = kit.contextOf(ref).then((ctx) => completeOption(kind, typed, ctx));
    work.catch((err: unknown) => kit.logger.warn({ err, interaction: i.id }, 'discord autocomplete failed'));
    choices = await Promise.race([work.catch(() => []), timeout]);
    clearTimeout(timer);
  }
  await i.respond(choices);
}
