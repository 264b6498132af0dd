import { ADMINS } from '../../registry/access.js';
import { z } from 'zod';
import { need, noMore, splitArgs } from '../../parser/args.js';
import { NAME_MAX, visibleName } from '../../parser/values.js';
import { nameArg } from '../../registry/schemas.js';
import { stageOption } from '../../registry/chat-options.js';
import { defineCommand } from '../../registry/types.js';
import { stageRename } from '../../usecases/admin.js';

const c = 'stage rename';

export default defineCommand({
  id: 'stage.rename',
  words: ['stage', 'rename'],
  usage: 'stage rename <old> <new>',
  example: 'stage rename pilot trial',
  summary: { en: 'Rename a stage.', zh: '重命名阶段。' },
  role: ADMINS,
  args: z.object({ stage: nameArg, newName: nameArg }),
  chat: { description: 'sub_stage_rename', options: [stageOption('stage', 'opt_gate_stage', true), { name: 'new', description: 'opt_stage_new_name', kind: 'string', as: 'name', required: true, maxLength: 40 }] },
  parse(rest) {
    const args = splitArgs(rest, { command: c });
    const stage = visibleName(need(args, 0, '<old>', c), '<old>', c, NAME_MAX);
    const newName = visibleName(need(args, 1, '<new>', c), '<new>', c, NAME_MAX);
    noMore(args, 2, c);
    return { stage, newName };
  },
  run: (ctx, a) => stageRename(ctx, { type: 'stage.rename', ...a }),
});
