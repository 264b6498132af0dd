// Help and usage lines of the registered commands (see ./registry/help.ts).

import type { Locale } from './model.js';
import { renderHelp, usageLine } from './registry/help.js';
import { REGISTRY } from './registry/list.js';
import { keyOf } from './registry/types.js';

/** `help` (no topic) → overview; `help deal` → that group; `help deal move` → details. */
export function helpText(locale: Locale, topic?: string): string {
  return renderHelp(REGISTRY, locale, topic);
}

/** Usage line(s) of a command key, a group, or (for '' or unknown) the overview. */
export function usageOf(commandKey: string): string {
  return usageLine(REGISTRY, commandKey);
}

/** Every documented command key (e.g. 'deal move'), in help order. */
export function commandKeys(): string[] {
  return REGISTRY.commands.map(keyOf);
}
