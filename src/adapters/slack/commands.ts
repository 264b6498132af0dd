// Slash commands → the core command language. `/deal move ACME qualified` becomes
// `deal move ACME qualified`; `/stagecoach <anything>` is the whole grammar. The only
// command the adapter owns is `/stagecoach announce`, a Slack channel setting.

export const SLASH_COMMANDS = ['/deal', '/funnel', '/gates', '/stagecoach'] as const;

export type SlashRoute =
  /** Text for the core parser; `help` is true when it asks for help (the Slack footer is added). */
  | { kind: 'core'; text: string; help: boolean }
  | { kind: 'announce'; arg: string };

/**
 * Slack escapes `&`, `<`, `>` and, for commands with "escape" on, turns mentions into
 * `<@U123|name>` and channels into `<#C123|name>`. Users and channels become their
 * ids (what the core stores as owners and members); links keep their label.
 */
export function unescapeSlack(text: string): string {
  return text
    .replace(/<([@#])([A-Z0-9]+)(?:\|[^>]*)?>/g, (_whole, _sigil: string, id: string) => id)
    .replace(/<!([^|>]+)(?:\|([^>]*))?>/g, (_whole, id: string, label: string | undefined) => label ?? id)
    .replace(/<((?:https?|mailto|tel):[^|>]+)(?:\|([^>]*))?>/g, (_whole, url: string, label: string | undefined) => label ?? url)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

const DEFAULT_TEXT: Record<string, string> = { deal: 'help deal', gates: 'gates show', stagecoach: 'help' };
const HELP_WORDS = new Set(['help', '--help', '-h', '?', '帮助']);

function firstWord(s: string): [string, string] {
  const m = /^(\S+)\s*([\s\S]*)$/u.exec(s);
  return m ? [m[1] ?? '', m[2] ?? ''] : ['', ''];
}

function route(text: string): SlashRoute {
  const t = text.replace(/\s+/gu, ' ').trim();
  return { kind: 'core', text: t, help: /^help(\s|$)/.test(t) };
}

/** Maps one slash command and its text to what the adapter should do. */
export function routeSlash(command: string, rawText: string): SlashRoute {
  const name = command.replace(/^\//, '').toLowerCase();
  const rest = unescapeSlack(rawText ?? '').trim();
  if (rest === '') return route(DEFAULT_TEXT[name] ?? name);
  const [first, after] = firstWord(rest);
  const word = first.toLowerCase();
  if (name === 'stagecoach') {
    if (word === 'announce') return { kind: 'announce', arg: after.trim() };
    return HELP_WORDS.has(word) ? route(`help ${after}`) : { kind: 'core', text: rest, help: false };
  }
  if (HELP_WORDS.has(word)) return route(`help ${name} ${after}`);
  return { kind: 'core', text: `${name} ${rest}`, help: false };
}
