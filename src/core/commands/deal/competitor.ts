import { z } from 'zod';
import { name, NONE_WORDS } from '../../parser/deal.js';
import { need, splitArgs } from '../../parser/args.js';
import { NAME_MAX, visibleName } from '../../parser/values.js';
import { nameArg } from '../../registry/schemas.js';
import { dealOption } from '../../registry/chat-options.js';
import { defineCommand } from '../../registry/types.js';
import { dealCompetitor } from '../../usecases/deals.js';

const c = 'deal competitor';

export default defineCommand({
  id: 'deal.competitor',
  words: ['deal', 'competitor'],
  usage: 'deal competitor <name> <competitor|none>',
  example: 'deal competitor "Acme Corp" Globex',
  summary: { en: 'Record a competitor on a deal, or "none" when there is none.', zh: '记录商机的竞争对手；没有竞争对手时写 none。' },
  // null = an explicit "none".
  args: z.object({ name: nameArg, competitor: nameArg.nullable() }),
  chat: { description: 'sub_competitor', options: [dealOption, { name: 'competitor', description: 'opt_competitor', kind: 'string', as: 'word', required: true, maxLength: NAME_MAX }] },
  parse(rest) {
    const args = splitArgs(rest, { command: c });
    const n = name(args, c);
    need(args, 1, '<competitor|none>', c);
    const parts = args.positionals.slice(1);
    const only = parts.length === 1 ? parts[0] : undefined;
    if (only !== undefined && !only.quoted && NONE_WORDS.includes(only.text.trim().toLowerCase())) {
      return { name: n, competitor: null };
    }
    return { name: n, competitor: visibleName(parts.map((t) => t.text).join(' '), '<competitor>', c) };
  },
  run: (ctx, a) => dealCompetitor(ctx, { type: 'deal.competitor', ...a }),
});
