import { nothing } from '../../parser/args.js';
import { noArgs } from '../../registry/schemas.js';
import { defineCommand } from '../../registry/types.js';
import { stageList } from '../../usecases/admin.js';

export default defineCommand({
  id: 'stage.list',
  words: ['stage', 'list'],
  aliases: ['ls'],
  groupDefault: true,
  usage: 'stage list',
  example: 'stage list',
  summary: { en: 'List the pipeline stages.', zh: '列出销售流程的所有阶段。' },
  args: noArgs,
  chat: { description: 'sub_stage_list', options: [] },
  parse: nothing('stage list'),
  run: (ctx) => stageList(ctx),
});
