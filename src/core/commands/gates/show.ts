import { nothing } from '../../parser/args.js';
import { noArgs } from '../../registry/schemas.js';
import { defineCommand } from '../../registry/types.js';
import { gatesShow } from '../../usecases/admin.js';

export default defineCommand({
  id: 'gates.show',
  words: ['gates', 'show'],
  aliases: ['ls', 'list'],
  groupDefault: true,
  usage: 'gates show',
  example: 'gates show',
  summary: { en: 'Show what each stage requires.', zh: '查看每个阶段的准入要求。' },
  args: noArgs,
  chat: { description: 'sub_gates_show', options: [] },
  parse: nothing('gates show'),
  run: (ctx) => gatesShow(ctx),
});
