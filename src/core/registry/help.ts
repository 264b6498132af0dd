// `help`, `help <command>` and usage lines, derived from the registry: the overview
// lists every command's usage, a group lists its subcommands, a command shows its
// usage, summary, detail lines and example. Command syntax stays English in every locale.

import type { Locale } from '../model.js';
import { suggest } from '../suggest.js';
import { helpText as t } from './help-texts.js';
import { describe, keyOf, type CommandDef, type Registry } from './types.js';

/** Every first word in help order: groups and single-word commands. */
export function topWords(registry: Registry): string[] {
  return [...new Set(registry.commands.map((d) => d.words[0]))];
}

/** Typed topic word(s) → command key: group aliases on the first word, command aliases on the key. */
function topicAliases(registry: Registry): { first: Map<string, string>; whole: Map<string, string> } {
  const first = new Map<string, string>();
  const whole = new Map<string, string>();
  for (const [group, def] of Object.entries(registry.groups)) for (const a of def.aliases) first.set(a, group);
  for (const d of registry.commands) {
    for (const a of d.aliases ?? []) {
      if (d.words.length === 1) first.set(a, d.words[0]);
      else whole.set(`${d.words[0]} ${a}`, keyOf(d));
    }
  }
  return { first, whole };
}

function normalizeTopic(registry: Registry, topic: string): string {
  const words = topic
    .trim()
    .replace(/^\//, '')
    .toLowerCase()
    .split(/\s+/u)
    .filter((w) => w.length > 0);
  const aliases = topicAliases(registry);
  const head = words[0];
  if (head !== undefined) words[0] = aliases.first.get(head) ?? head;
  const joined = words.join(' ');
  return aliases.whole.get(joined) ?? joined;
}

const groupOf = (d: CommandDef) => d.words[0];

/**
 * Usage line(s) for a command key: 'deal move' → one line; a group ('deal') → every
 * line of that group; '' or an unknown key → a one-line-per-group overview.
 */
export function usageLine(registry: Registry, commandKey: string): string {
  const key = normalizeTopic(registry, commandKey);
  const docs = registry.commands;
  const doc = docs.find((d) => keyOf(d) === key);
  if (doc) return doc.usage;
  const group = docs.filter((d) => d.words.length === 2 && groupOf(d) === key);
  if (group.length > 0) return group.map((d) => d.usage).join('\n');
  return topWords(registry)
    .map((g) => {
      const single = docs.find((d) => keyOf(d) === g);
      if (single) return single.usage;
      const subs = docs.filter((d) => groupOf(d) === g).map((d) => d.words[1]);
      return `${g} ${subs.join('|')} ...`;
    })
    .join('\n');
}

function overview(registry: Registry, locale: Locale): string {
  const lines = [t(locale, 'title')];
  for (const d of registry.commands) lines.push(`  ${d.usage}`);
  lines.push('', t(locale, 'footer'));
  return lines.join('\n');
}

/** `help` (no topic) → overview; `help deal` → that group; `help deal move` → details. */
export function renderHelp(registry: Registry, locale: Locale, topic?: string): string {
  const key = topic === undefined ? '' : normalizeTopic(registry, topic);
  if (key === '') return overview(registry, locale);

  const doc = registry.commands.find((d) => keyOf(d) === key);
  if (doc) {
    return [doc.usage, describe(doc, locale), ...(doc.details?.(locale) ?? []), t(locale, 'example', { example: doc.example })].join('\n');
  }

  const group = registry.commands.filter((d) => d.words.length === 2 && groupOf(d) === key);
  if (group.length > 0) {
    const lines = [t(locale, 'groupTitle', { group: key })];
    for (const d of group) lines.push(`  ${d.usage}`, `    ${describe(d, locale)}`);
    lines.push('', t(locale, 'example', { example: group[0]?.example ?? '' }));
    return lines.join('\n');
  }

  const candidates = [...topWords(registry), ...registry.commands.map(keyOf)];
  const near = suggest(key, candidates);
  const head = [t(locale, 'unknownTopic', { topic: topic?.trim() ?? '' })];
  if (near.length > 0) head.push(t(locale, 'didYouMean', { list: near.join(', ') }));
  return [...head, '', overview(registry, locale)].join('\n');
}
