// A UsageError as the reply the member sees: what is wrong, suggestions, and the
// usage line of the command concerned (from the registry).

import { usageOf } from '../help.js';
import type { Locale } from '../model.js';
import { parserText as t, type UsageError } from '../parser/errors.js';
import { fail, type Reply } from '../reply.js';

export function renderUsage(locale: Locale, err: UsageError): Reply {
  const usageText = usageOf(err.command);
  const lines = [t(locale, err.key, err.params)];
  if (err.suggestions.length > 0) lines.push(t(locale, 'didYouMean', { list: err.suggestions.join(', ') }));
  const multiline = usageText.includes('\n');
  lines.push(t(locale, 'usage', { usage: multiline ? `\n${usageText}` : usageText }).replace(/[ \t]+\n/g, '\n'));
  const data: Record<string, unknown> = { usage: usageText };
  // Where the input went wrong, for clients that highlight it (1-based code point index).
  if (typeof err.params.position === 'number') data.position = err.params.position;
  if (err.suggestions.length > 0) data.suggestions = [...err.suggestions];
  return fail('USAGE', lines.join('\n'), data);
}
