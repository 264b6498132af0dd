import { z } from 'zod';
import { joinedName } from '../../parser/deal.js';
import { splitArgs } from '../../parser/args.js';
import { nameArg } from '../../registry/schemas.js';
import { dealOption } from '../../registry/chat-options.js';
import { defineCommand } from '../../registry/types.js';
import { dealHistory } from '../../usecases/deals.js';

export default defineCommand({
  id: 'deal.history',
  words: ['deal', 'history'],
  usage: 'deal history <name>',
  example: 'deal history "Acme Corp"',
  summary: { en: 'Show the stage history of a deal.', zh: '查看商机的阶段变更历史。' },
  args: z.object({ name: nameArg }),
  chat: { description: 'sub_history', options: [dealOption] },
  parse: (rest) => ({ name: joinedName(splitArgs(rest, { command: 'deal history' }), 'deal history') }),
  run: (ctx, a) => dealHistory(ctx, { type: 'deal.history', ...a }),
});
