import { z } from 'zod';
import { name } from '../../parser/deal.js';
import { need, splitArgs } from '../../parser/args.js';
import { tagList } from '../../parser/values.js';
import { nameArg, textArg } from '../../registry/schemas.js';
import { dealOption, textOption } from '../../registry/chat-options.js';
import { defineCommand } from '../../registry/types.js';
import { dealTag } from '../../usecases/deals.js';

const c = 'deal tag';

export default defineCommand({
  id: 'deal.tag',
  words: ['deal', 'tag'],
  aliases: ['tags'],
  usage: 'deal tag <name> <tag> [<tag> ...]',
  example: 'deal tag "Acme Corp" enterprise q3',
  summary: { en: 'Add tags to a deal.', zh: '给商机添加标签。' },
  args: z.object({ name: nameArg, tags: z.array(textArg).min(1) }),
  chat: { description: 'sub_tag', options: [dealOption, { ...textOption('tags', 'opt_tags'), as: 'list', required: true }] },
  parse(rest) {
    const args = splitArgs(rest, { command: c });
    const n = name(args, c);
    need(args, 1, '<tag>', c);
    return { name: n, tags: tagList(args.positionals.slice(1).map((t) => t.text), c) };
  },
  run: (ctx, a) => dealTag(ctx, { type: 'deal.tag', ...a }),
});
