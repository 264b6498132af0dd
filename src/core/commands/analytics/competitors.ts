import { periodArgs } from '../../parser/analytics.js';
import { details } from '../../registry/help-texts.js';
import { competitorsArgs } from '../../registry/analytics-args.js';
import { periodOption, viewOption } from '../../registry/chat-options.js';
import { defineCommand } from '../../registry/types.js';
import { competitors } from '../../usecases/analytics.js';

export default defineCommand({
  id: 'competitors',
  words: ['competitors'],
  aliases: ['competitor', 'competition', '竞争对手'],
  usage: 'competitors [period] [view=cohort|activity]',
  example: 'competitors last-quarter',
  summary: { en: 'Deals, win rate and value won and lost against each competitor.', zh: '面对每个竞争对手的商机数、赢单率、赢单和输单金额。' },
  details: details('periods', 'views'),
  args: competitorsArgs,
  chat: { description: 'cmd_competitors', options: [periodOption, viewOption] },
  parse: (rest) => periodArgs(rest, 'competitors', ['view', 'period']),
  run: (ctx, a) => competitors(ctx, { type: 'competitors', ...a }),
});
