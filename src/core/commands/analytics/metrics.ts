import { periodArgs } from '../../parser/analytics.js';
import { details } from '../../registry/help-texts.js';
import { periodCommandArgs } from '../../registry/analytics-args.js';
import { byOption, periodOption, viewOption } from '../../registry/chat-options.js';
import { defineCommand } from '../../registry/types.js';
import { metrics } from '../../usecases/analytics.js';

export default defineCommand({
  id: 'metrics',
  words: ['metrics'],
  aliases: ['metric', 'kpi', 'kpis', '指标'],
  usage: 'metrics [period] [by=<dimension>] [view=cohort|activity]',
  example: 'metrics 2026-Q1 by=owner',
  summary: {
    en: 'The eight funnel metrics: conversions, qualified win rate, sales cycle, qualified per win, deal size, pipeline value and forecast.',
    zh: '八项漏斗指标：各项转化率、合格机会赢单率、销售周期、每个赢单对应的合格机会数、平均成交额、在途金额及加权预测。',
  },
  details: details('periods', 'dimensions', 'views'),
  args: periodCommandArgs,
  chat: { description: 'cmd_metrics', options: [periodOption, byOption, viewOption] },
  parse: (rest) => periodArgs(rest, 'metrics', ['by', 'view', 'period']),
  run: (ctx, a) => metrics(ctx, { type: 'metrics', ...a }),
});
