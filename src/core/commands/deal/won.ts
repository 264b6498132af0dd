import { z } from 'zod';
import { name, OVERRIDE, positionalAmount, withOverride } from '../../parser/deal.js';
import { noMore, splitArgs } from '../../parser/args.js';
import { details } from '../../registry/help-texts.js';
import { nameArg, overrideArg } from '../../registry/schemas.js';
import { amountOption, dealOption, overrideOption } from '../../registry/chat-options.js';
import { defineCommand } from '../../registry/types.js';
import { dealWon } from '../../usecases/move.js';

const c = 'deal won';

export default defineCommand({
  id: 'deal.won',
  words: ['deal', 'won'],
  aliases: ['win'],
  usage: 'deal won <name> [amount] [--override "<reason>"]',
  example: 'deal won "Acme Corp" 75k',
  summary: { en: 'Mark a deal as won, optionally with the final amount.', zh: '将商机标记为赢单，可附上最终金额。' },
  details: details('override'),
  args: z.object({ name: nameArg, amount: z.number().positive().max(1e15).optional(), override: overrideArg }),
  chat: { description: 'sub_won', options: [dealOption, amountOption('opt_won_amount', 'word'), overrideOption] },
  parse(rest) {
    const args = splitArgs(rest, { command: c, flags: OVERRIDE });
    const n = name(args, c);
    noMore(args, 2, c);
    const raw = args.positionals[1];
    return withOverride(raw === undefined ? { name: n } : { name: n, amount: positionalAmount(raw, c) }, args);
  },
  run: (ctx, a) => dealWon(ctx, { type: 'deal.won', ...a }),
});
