import { z } from 'zod';
import { MAX_DAYS } from '../../analytics/period.js';
import { positionals } from '../../parser/analytics.js';
import { splitArgs } from '../../parser/args.js';
import { usage } from '../../parser/errors.js';
import { text } from '../../parser/values.js';
import { details } from '../../registry/help-texts.js';
import { textArg } from '../../registry/schemas.js';
import { defineCommand, type ArgsOf } from '../../registry/types.js';
import { stale } from '../../usecases/analytics.js';

const c = 'stale';

export default defineCommand({
  id: 'stale',
  words: ['stale'],
  aliases: ['stalled', 'stuck', '停滞'],
  usage: 'stale [mine | owner=<user>] [days=<n>]',
  example: 'stale mine',
  summary: {
    en: 'Open deals sitting in their stage longer than usual (the 75th percentile of past stays), with their owner.',
    zh: '在当前阶段停留时间超过常规（过去停留时间的 75 分位）的进行中商机及其负责人。',
  },
  details: details('staleLimits'),
  args: z.object({ mine: z.boolean(), owner: textArg.optional(), days: z.number().positive().max(MAX_DAYS).optional() }),
  chat: { description: 'cmd_stale', options: [
      { name: 'mine', description: 'opt_stale_mine', kind: 'boolean', as: 'switch' },
      { name: 'owner', description: 'opt_stale_owner', kind: 'user', as: 'key' },
      { name: 'days', description: 'opt_days', kind: 'number', as: 'key', min: 1, max: 3660 },
    ] },
  parse(rest) {
    const args = splitArgs(rest, { command: c, keys: ['owner', 'days'] });
    const common = positionals(args, c, { period: false, mine: true });
    const cmd: ArgsOf<'stale'> = { mine: common.mine };
    const owner = args.keys.get('owner');
    if (owner !== undefined) {
      if (common.mine) usage('oneFilter', {}, c);
      cmd.owner = text(owner, 'owner', c);
    }
    const days = args.keys.get('days');
    if (days !== undefined) {
      const n = Number(days.normalize('NFKC').trim().replace(/d$/i, ''));
      if (!Number.isFinite(n) || n <= 0 || n > MAX_DAYS) usage('unexpectedArg', { word: `days=${days}` }, c);
      cmd.days = n;
    }
    return cmd;
  },
  run: (ctx, a) => stale(ctx, { type: 'stale', ...a }),
});
