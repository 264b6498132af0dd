import { z } from 'zod';
import { renderHelp } from '../registry/help.js';
import { defineCommand } from '../registry/types.js';
import { ok } from '../reply.js';

/** The topic as typed, normalized for lookup: no leading slash, single spaces, lower case. */
export function topicOf(words: string): { topic?: string } {
  const t = words.trim().replace(/^\//, '').replace(/\s+/gu, ' ').toLowerCase();
  return t.length === 0 ? {} : { topic: t };
}

export default defineCommand({
  id: 'help',
  words: ['help'],
  aliases: ['?', '帮助'],
  usage: 'help [<command>]',
  example: 'help deal move',
  summary: { en: 'Show this help, or the help of one command.', zh: '显示帮助，或某个命令的帮助。' },
  args: z.object({ topic: z.string().optional() }),
  parse: (rest) => topicOf(rest.map((t) => t.text).join(' ')),
  run: (ctx, a, registry) => Promise.resolve(ok(renderHelp(registry, ctx.workspace.locale, a.topic), { topic: a.topic ?? null })),
});
