import { ADMINS } from '../../registry/access.js';
import { z } from 'zod';
import { need, noMore, splitArgs } from '../../parser/args.js';
import { NAME_MAX, visibleName } from '../../parser/values.js';
import { nameArg } from '../../registry/schemas.js';
import { stageOption } from '../../registry/chat-options.js';
import { defineCommand } from '../../registry/types.js';
import { stageRemove } from '../../usecases/admin.js';

const c = 'stage remove';

export default defineCommand({
  id: 'stage.remove',
  words: ['stage', 'remove'],
  aliases: ['rm', 'delete', 'del'],
  usage: 'stage remove <stage>',
  example: 'stage remove trial',
  summary: { en: 'Remove a stage that no deal is in.', zh: '删除没有商机的阶段。' },
  role: ADMINS,
  args: z.object({ stage: nameArg }),
  chat: { description: 'sub_stage_remove', options: [stageOption('stage', 'opt_gate_stage', true)] },
  parse(rest) {
    const args = splitArgs(rest, { command: c });
    const stage = visibleName(need(args, 0, '<stage>', c), '<stage>', c, NAME_MAX);
    noMore(args, 1, c);
    return { stage };
  },
  run: (ctx, a) => stageRemove(ctx, { type: 'stage.remove', ...a }),
});
