import { ADMINS } from '../../registry/access.js';
import { z } from 'zod';
import { need, noMore, splitArgs } from '../../parser/args.js';
import { NAME_MAX, visibleName } from '../../parser/values.js';
import { nameArg } from '../../registry/schemas.js';
import { stageOption } from '../../registry/chat-options.js';
import { defineCommand } from '../../registry/types.js';
import { stageAdd } from '../../usecases/admin.js';

const c = 'stage add';

export default defineCommand({
  id: 'stage.add',
  words: ['stage', 'add'],
  aliases: ['create', 'new'],
  usage: 'stage add <stage> [after=<stage>]',
  example: 'stage add pilot after=proposal',
  summary: { en: 'Add a stage (at the end of the open stages, or after another one).', zh: '添加阶段（默认放在进行中阶段的最后，或放在指定阶段之后）。' },
  role: ADMINS,
  args: z.object({ stage: nameArg, after: nameArg.optional() }),
  chat: { description: 'sub_stage_add', options: [{ name: 'stage', description: 'opt_new_stage', kind: 'string', as: 'name', required: true, maxLength: 40 }, stageOption('after', 'opt_after', false, 'key')] },
  parse(rest) {
    const args = splitArgs(rest, { command: c, keys: ['after'] });
    const stage = visibleName(need(args, 0, '<stage>', c), '<stage>', c, NAME_MAX);
    noMore(args, 1, c);
    const after = args.keys.get('after');
    return after === undefined ? { stage } : { stage, after: visibleName(after, 'after', c, NAME_MAX) };
  },
  run: (ctx, a) => stageAdd(ctx, { type: 'stage.add', ...a }),
});
