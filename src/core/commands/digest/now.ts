import { nothing } from '../../parser/args.js';
import { noArgs } from '../../registry/schemas.js';
import { defineCommand } from '../../registry/types.js';
import { digestNow } from '../../usecases/digest.js';

export default defineCommand({
  id: 'digest.now',
  words: ['digest', 'now'],
  usage: 'digest now',
  example: 'digest now',
  summary: { en: 'Build the digest now and post it here.', zh: '立即生成简报并发到这里。' },
  args: noArgs,
  parse: nothing('digest now'),
  run: (ctx) => digestNow(ctx),
});
