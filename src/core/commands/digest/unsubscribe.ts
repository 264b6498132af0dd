import { DIGEST_MANAGERS } from '../../registry/access.js';
import { nothing } from '../../parser/args.js';
import { noArgs } from '../../registry/schemas.js';
import { defineCommand } from '../../registry/types.js';
import { digestUnsubscribe } from '../../usecases/digest.js';

export default defineCommand({
  id: 'digest.unsubscribe',
  words: ['digest', 'unsubscribe'],
  aliases: ['off', 'stop'],
  usage: 'digest unsubscribe',
  example: 'digest unsubscribe',
  summary: { en: 'Stop the weekly digest in this channel.', zh: '本频道不再接收每周简报。' },
  role: DIGEST_MANAGERS,
  args: noArgs,
  parse: nothing('digest unsubscribe'),
  run: (ctx) => digestUnsubscribe(ctx, { type: 'digest.unsubscribe' }),
});
