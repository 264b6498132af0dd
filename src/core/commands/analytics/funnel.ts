import { periodArgs } from '../../parser/analytics.js';
import { details } from '../../registry/help-texts.js';
import { periodCommandArgs } from '../../registry/analytics-args.js';
import { byOption, periodOption, viewOption } from '../../registry/chat-options.js';
import { defineCommand } from '../../registry/types.js';
import { funnel } from '../../usecases/analytics.js';

export default defineCommand({
  id: 'funnel',
  words: ['funnel'],
  aliases: ['funnels', '漏斗'],
  usage: 'funnel [period] [by=<dimension>] [view=cohort|activity]',
  example: 'funnel quarter by=source',
  summary: {
    en: 'The funnel: how many deals reached each stage, converted to the next, were lost there, and how long they stayed.',
    zh: '销售漏斗：到达各阶段的商机数、向下一阶段的转化率、在该阶段输单的比例及停留时间。',
  },
  details: details('periods', 'dimensions', 'views'),
  args: periodCommandArgs,
  chat: { description: 'cmd_funnel', options: [periodOption, byOption, viewOption] },
  parse: (rest) => periodArgs(rest, 'funnel', ['by', 'view', 'period']),
  run: (ctx, a) => funnel(ctx, { type: 'funnel', ...a }),
});
