import { ADMINS } from '../../registry/access.js';
import { z } from 'zod';
import { need, noMore, splitArgs } from '../../parser/args.js';
import { usage } from '../../parser/errors.js';
import { NAME_MAX, visibleName } from '../../parser/values.js';
import { nameArg } from '../../registry/schemas.js';
import { stageOption } from '../../registry/chat-options.js';
import { defineCommand } from '../../registry/types.js';
import { stageMove } from '../../usecases/admin.js';

const c = 'stage move';

export default defineCommand({
  id: 'stage.move',
  words: ['stage', 'move'],
  aliases: ['mv'],
  usage: 'stage move <stage> after=<stage>',
  example: 'stage move pilot after=qualified',
  summary: { en: 'Move a stage after another one.', zh: '把阶段移到另一个阶段之后。' },
  role: ADMINS,
  args: z.object({ stage: nameArg, after: nameArg }),
  chat: { description: 'sub_stage_move', options: [stageOption('stage', 'opt_gate_stage', true), stageOption('after', 'opt_after', true, 'key')] },
  parse(rest) {
    const args = splitArgs(rest, { command: c, keys: ['after'] });
    const stage = visibleName(need(args, 0, '<stage>', c), '<stage>', c, NAME_MAX);
    noMore(args, 1, c);
    const after = args.keys.get('after');
    if (after === undefined) return usage('missingKey', { key: 'after' }, c);
    return { stage, after: visibleName(after, 'after', c, NAME_MAX) };
  },
  run: (ctx, a) => stageMove(ctx, { type: 'stage.move', ...a }),
});
