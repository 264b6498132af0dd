import { z } from 'zod';
import { FIELD_KEYS, fields, name, positionalAmount } from '../../parser/deal.js';
import { noMore, splitArgs } from '../../parser/args.js';
import { usage } from '../../parser/errors.js';
import { details } from '../../registry/help-texts.js';
import { dealFieldsArg, nameArg } from '../../registry/schemas.js';
import { DEAL_FIELD_OPTIONS, dealOption } from '../../registry/chat-options.js';
import { defineCommand } from '../../registry/types.js';
import { dealNew } from '../../usecases/deals.js';

const c = 'deal new';

export default defineCommand({
  id: 'deal.new',
  words: ['deal', 'new'],
  aliases: ['create', 'add'],
  usage: 'deal new <name> [amount] [key=value ...]',
  example: 'deal new "Acme Corp" 50k currency=USD close=2026-06-30',
  summary: { en: 'Create a deal; optionally give the amount and more fields.', zh: '新建商机，可同时填写金额和其他字段。' },
  details: details('fields'),
  args: z.object({ name: nameArg, fields: dealFieldsArg }),
  chat: { description: 'sub_new', options: [{ ...dealOption, description: 'opt_new_name', complete: undefined }, ...DEAL_FIELD_OPTIONS] },
  parse(rest) {
    const args = splitArgs(rest, { command: c, keys: FIELD_KEYS });
    const n = name(args, c);
    noMore(args, 2, c);
    const f = fields(args.keys, c, 'positive');
    const positional = args.positionals[1];
    if (positional !== undefined) {
      if (f.amount !== undefined) usage('duplicateKey', { key: 'amount' }, c);
      f.amount = positionalAmount(positional, c);
    }
    return { name: n, fields: f };
  },
  run: (ctx, a) => dealNew(ctx, { type: 'deal.new', ...a }),
});
