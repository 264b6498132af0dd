// Chat text → Command. Never throws: anything it cannot read becomes a USAGE reply
// with a localized explanation, the usage line and, when useful, suggestions.
// The grammar lives in ./parser/*: tokenize → dispatch → deal / admin parsers.

import type { Command } from './commands.js';
import type { Locale } from './model.js';
import type { Reply } from './reply.js';
import { parseOrThrow } from './parser/dispatch.js';
import { UsageError } from './parser/errors.js';
import { renderUsage } from './registry/usage.js';

export { MAX_INPUT } from './parser/dispatch.js';

export type ParseResult = { ok: true; command: Command } | { ok: false; reply: Reply };

export function parseCommand(input: string, locale: Locale): ParseResult {
  try {
    return { ok: true, command: parseOrThrow(typeof input === 'string' ? input : '') };
  } catch (err) {
    // UsageError is the only expected failure; anything else is a parser bug, but a
    // chat message must never crash the bot, so it still answers USAGE.
    return { ok: false, reply: renderUsage(locale, err instanceof UsageError ? err : new UsageError('internal')) };
  }
}
