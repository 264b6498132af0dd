import { z } from 'zod';
import { joinedName } from '../../parser/deal.js';
import { splitArgs } from '../../parser/args.js';
import { nameArg } from '../../registry/schemas.js';
import { dealOption } from '../../registry/chat-options.js';
import { defineCommand } from '../../registry/types.js';
import { dealShow } from '../../usecases/deals.js';

export default defineCommand({
  id: 'deal.show',
  words: ['deal', 'show'],
  aliases: ['info'],
  usage: 'deal show <name>',
  example: 'deal show "Acme Corp"',
  summary: { en: 'Show a deal.', zh: '查看商机。' },
  args: z.object({ name: nameArg }),
  chat: { description: 'sub_show', options: [dealOption] },
  parse: (rest) => ({ name: joinedName(splitArgs(rest, { command: 'deal show' }), 'deal show') }),
  run: (ctx, a) => dealShow(ctx, { type: 'deal.show', ...a }),
});
