import { z } from 'zod';
import { fields, name, SET_KEYS } from '../../parser/deal.js';
import { noMore, splitArgs } from '../../parser/args.js';
import { usage } from '../../parser/errors.js';
import { details } from '../../registry/help-texts.js';
import { dealFieldsArg, nameArg } from '../../registry/schemas.js';
import { DEAL_FIELD_OPTIONS, dealOption, NOTES_OPTION } from '../../registry/chat-options.js';
import { defineCommand } from '../../registry/types.js';
import { dealSet } from '../../usecases/deals.js';

const c = 'deal set';

export default defineCommand({
  id: 'deal.set',
  words: ['deal', 'set'],
  aliases: ['update', 'edit'],
  usage: 'deal set <name> key=value [key=value ...]',
  example: 'deal set "Acme Corp" amount=80k close=2026-07-15',
  summary: { en: 'Change fields of a deal.', zh: '修改商机的字段。' },
  details: details('fields', 'notesField'),
  args: z.object({ name: nameArg, fields: dealFieldsArg }),
  chat: { description: 'sub_set', options: [dealOption, ...DEAL_FIELD_OPTIONS, NOTES_OPTION] },
  parse(rest) {
    const args = splitArgs(rest, { command: c, keys: SET_KEYS });
    const n = name(args, c);
    noMore(args, 1, c);
    if (args.keys.size === 0) usage('noFields', {}, c);
    return { name: n, fields: fields(args.keys, c, 'nonNegative') };
  },
  run: (ctx, a) => dealSet(ctx, { type: 'deal.set', ...a }),
});
