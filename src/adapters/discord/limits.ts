// Discord's published limits for application commands and messages, and a check of
// command definitions against them (run by the tests and before `discord register`).

import type { CommandDefinition, OptionDefinition } from './definitions.js';

export const LIMITS = {
  commands: 100,
  name: 32,
  description: 100,
  options: 25,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  /** Names, descriptions and choice names and values of one command, per locale. */
  commandChars: 4000,
  stringLength: 6000,
  // Messages and embeds.
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  customId: 100,
  buttonLabel: 80,
  modalTitle: 45,
  modalComponents: 5,
  labelText: 45,
  labelDescription: 100,
  placeholder: 100,
  selectOptions: 25,
  autocompleteChoices: 25,
} as const;

const NAME_RE = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function checkName(where: string, name: string, problems: string[]): void {
  if (!NAME_RE.test(name)) problems.push(`${where}: name "${name}" must match ^[-_\\p{L}\\p{N}]{1,32}$`);
  if (name !== name.toLowerCase()) problems.push(`${where}: name "${name}" must be lowercase`);
}

function checkDescription(where: string, d: { description: string; description_localizations?: Record<string, string> }, problems: string[]): void {
  for (const [locale, text] of [['default', d.description], ...Object.entries(d.description_localizations ?? {})] as const) {
    const n = Array.from(text).length;
    if (n < 1 || n > LIMITS.description) problems.push(`${where}: ${locale} description has ${n} characters (1-${LIMITS.description})`);
  }
}

/** Characters counted towards a command's 4000-character limit, per locale. */
function chars(o: { name: string; description: string; description_localizations?: Record<string, string>; options?: OptionDefinition[]; choices?: OptionDefinition['choices'] }, locale: string): number {
  const desc = (locale !== 'default' && o.description_localizations?.[locale]) || o.description;
  let n = o.name.length + Array.from(desc).length;
  for (const c of o.choices ?? []) n += Array.from((locale !== 'default' && c.name_localizations?.[locale]) || c.name).length + c.value.length;
  for (const child of o.options ?? []) n += chars(child, locale);
  return n;
}

function checkOptions(where: string, options: OptionDefinition[] | undefined, problems: string[]): void {
  if (!options) return;
  if (options.length > LIMITS.options) problems.push(`${where}: ${options.length} options (at most ${LIMITS.options})`);
  const names = new Set<string>();
  let optionalSeen = false;
  for (const o of options) {
    const here = `${where} ${o.name}`;
    checkName(here, o.name, problems);
    checkDescription(here, o, problems);
    if (names.has(o.name)) problems.push(`${here}: duplicate option name`);
    names.add(o.name);
    if (o.type === 1 || o.type === 2) {
      checkOptions(here, o.options, problems);
      continue;
    }
    if (o.required && optionalSeen) problems.push(`${here}: a required option must come before optional ones`);
    if (!o.required) optionalSeen = true;
    if (o.choices) {
      if (o.choices.length > LIMITS.choices) problems.push(`${here}: ${o.choices.length} choices (at most ${LIMITS.choices})`);
      if (o.autocomplete) problems.push(`${here}: autocomplete and choices cannot be combined`);
      for (const c of o.choices) {
        for (const n of [c.name, ...Object.values(c.name_localizations ?? {})]) {
          if (n.length < 1 || n.length > LIMITS.choiceName) problems.push(`${here}: choice name "${n}" (1-${LIMITS.choiceName})`);
        }
        if (c.value.length < 1 || c.value.length > LIMITS.choiceValue) problems.push(`${here}: choice value "${c.value}"`);
      }
    }
    for (const [k, v] of [['min_length', o.min_length], ['max_length', o.max_length]] as const) {
      if (v !== undefined && (v < 0 || v > LIMITS.stringLength)) problems.push(`${here}: ${k} ${v} (0-${LIMITS.stringLength})`);
    }
  }
  const subs = options.filter((o) => o.type === 1 || o.type === 2).length;
  if (subs > 0 && subs !== options.length) problems.push(`${where}: subcommands cannot be mixed with other options`);
}

/** Every way the definitions break Discord's rules; empty when they are fine. */
export function checkCommandDefinitions(defs: readonly CommandDefinition[]): string[] {
  const problems: string[] = [];
  if (defs.length > LIMITS.commands) problems.push(`${defs.length} commands (at most ${LIMITS.commands})`);
  const names = new Set<string>();
  for (const d of defs) {
    const where = `/${d.name}`;
    checkName(where, d.name, problems);
    checkDescription(where, d, problems);
    if (names.has(d.name)) problems.push(`${where}: duplicate command name`);
    names.add(d.name);
    checkOptions(where, d.options, problems);
    for (const locale of ['default', ...Object.keys(d.description_localizations ?? {})]) {
      const n = chars(d, locale);
      if (n > LIMITS.commandChars) problems.push(`${where}: ${n} characters in ${locale} (at most ${LIMITS.commandChars})`);
    }
  }
  return problems;
}
