import { nothing } from '../../parser/args.js';
import { noArgs } from '../../registry/schemas.js';
import { defineCommand } from '../../registry/types.js';
import { digestStatus } from '../../usecases/digest.js';

export default defineCommand({
  id: 'digest.status',
  words: ['digest', 'status'],
  aliases: ['show'],
  groupDefault: true,
  usage: 'digest status',
  example: 'digest status',
  summary: { en: 'Show which channels get the digest and when.', zh: '查看哪些频道接收简报，以及发送时间。' },
  args: noArgs,
  parse: nothing('digest status'),
  run: (ctx) => digestStatus(ctx),
});
