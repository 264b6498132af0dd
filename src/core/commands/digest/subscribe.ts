import { DIGEST_MANAGERS } from '../../registry/access.js';
import { nothing } from '../../parser/args.js';
import { noArgs } from '../../registry/schemas.js';
import { defineCommand } from '../../registry/types.js';
import { digestSubscribe } from '../../usecases/digest.js';

export default defineCommand({
  id: 'digest.subscribe',
  words: ['digest', 'subscribe'],
  aliases: ['on'],
  usage: 'digest subscribe',
  example: 'digest subscribe',
  summary: {
    en: 'Post the weekly digest (funnel chart, metrics, coaching, alerts, stale deals) to this channel.',
    zh: '在本频道接收每周简报（漏斗图、指标、辅导建议、预警、停滞商机）。',
  },
  role: DIGEST_MANAGERS,
  args: noArgs,
  parse: nothing('digest subscribe'),
  run: (ctx) => digestSubscribe(ctx, { type: 'digest.subscribe' }),
});
