import { periodArgs } from '../../parser/analytics.js';
import { details } from '../../registry/help-texts.js';
import { winlossArgs } from '../../registry/analytics-args.js';
import { byOption, periodOption, stageOption, viewOption } from '../../registry/chat-options.js';
import { defineCommand } from '../../registry/types.js';
import { winloss } from '../../usecases/analytics.js';

export default defineCommand({
  id: 'winloss',
  words: ['winloss'],
  aliases: ['win-loss', 'win/loss', 'winlose', 'factors', '赢输', '赢单因素'],
  usage: 'winloss [period] [by=<dimension>] [from=<stage>] [view=cohort|activity]',
  example: 'winloss by=dm-before-qualified',
  summary: {
    en: 'Win/loss factors: which owners, sources, competitors, contact roles ... go with winning, tested for chance, as coaching tips.',
    zh: '赢单/输单因素：哪些负责人、来源、竞争对手、联系人角色等与赢单相关（经过偶然性检验），并给出辅导建议。',
  },
  details: details('periods', 'dimensions', 'winlossFrom', 'views'),
  args: winlossArgs,
  chat: { description: 'cmd_winloss', options: [byOption, periodOption, viewOption, stageOption('from', 'opt_from', false, 'key')] },
  parse: (rest) => periodArgs(rest, 'winloss', ['by', 'view', 'period', 'from']),
  run: (ctx, a) => winloss(ctx, { type: 'winloss', ...a }),
});
