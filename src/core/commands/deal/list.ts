import { z } from 'zod';
import { listFilter } from '../../parser/deal.js';
import { splitArgs } from '../../parser/args.js';
import { usage } from '../../parser/errors.js';
import { dealListFilterArg } from '../../registry/schemas.js';
import { stageOption } from '../../registry/chat-options.js';
import { defineCommand } from '../../registry/types.js';
import { dealList } from '../../usecases/deals.js';

const c = 'deal list';

export default defineCommand({
  id: 'deal.list',
  words: ['deal', 'list'],
  aliases: ['ls'],
  usage: 'deal list [mine | all | stage=<stage> | owner=<user>]',
  example: 'deal list stage=proposal',
  summary: { en: 'List deals: yours (default), all, by stage or by owner.', zh: '列出商机：我的（默认）、全部、按阶段或按负责人。' },
  args: z.object({ filter: dealListFilterArg }),
  chat: { description: 'sub_list', options: [
      {
        name: 'filter',
        description: 'opt_filter',
        kind: 'string',
        as: 'word',
        choices: [
          { value: 'mine', label: 'filter_mine' },
          { value: 'all', label: 'filter_all' },
        ],
      },
      stageOption('stage', 'opt_list_stage', false, 'key'),
      { name: 'owner', description: 'opt_list_owner', kind: 'user', as: 'key' },
    ] },
  parse(rest) {
    const args = splitArgs(rest, { command: c, keys: ['stage', 'owner'] });
    if (args.positionals.length + args.keys.size > 1) usage('oneFilter', {}, c);
    return { filter: listFilter(args, c) };
  },
  run: (ctx, a) => dealList(ctx, a.filter),
});
