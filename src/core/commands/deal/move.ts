import { z } from 'zod';
import { name, OVERRIDE, withOverride } from '../../parser/deal.js';
import { need, noMore, splitArgs } from '../../parser/args.js';
import { NAME_MAX, text } from '../../parser/values.js';
import { details } from '../../registry/help-texts.js';
import { nameArg, overrideArg } from '../../registry/schemas.js';
import { dealOption, overrideOption, stageOption } from '../../registry/chat-options.js';
import { defineCommand } from '../../registry/types.js';
import { dealMove } from '../../usecases/move.js';

const c = 'deal move';

export default defineCommand({
  id: 'deal.move',
  words: ['deal', 'move'],
  usage: 'deal move <name> <stage> [--override "<reason>"]',
  example: 'deal move "Acme Corp" proposal',
  summary: {
    en: 'Move a deal to another stage. Managers may skip a gate with --override and a reason.',
    zh: '把商机推进到另一个阶段。经理可用 --override 加理由跳过阶段门槛。',
  },
  details: details('override'),
  args: z.object({ name: nameArg, stage: nameArg, override: overrideArg }),
  chat: { description: 'sub_move', options: [dealOption, stageOption('stage', 'opt_stage', true), overrideOption] },
  parse(rest) {
    const args = splitArgs(rest, { command: c, flags: OVERRIDE });
    const n = name(args, c);
    const stage = text(need(args, 1, '<stage>', c), '<stage>', c, NAME_MAX);
    noMore(args, 2, c);
    return withOverride({ name: n, stage }, args);
  },
  run: (ctx, a) => dealMove(ctx, { type: 'deal.move', ...a }),
});
