import { z } from 'zod';
import { name, OVERRIDE, withOverride } from '../../parser/deal.js';
import { noMore, splitArgs } from '../../parser/args.js';
import { usage } from '../../parser/errors.js';
import { lostReason, NAME_MAX, NOTES_MAX, text, visibleName } from '../../parser/values.js';
import { helpText, lostReasonsLine } from '../../registry/help-texts.js';
import { lostReasonArg, nameArg, notesArg, overrideArg } from '../../registry/schemas.js';
import { dealOption, lostReasonChoices, overrideOption, textOption } from '../../registry/chat-options.js';
import { defineCommand, type ArgsOf } from '../../registry/types.js';
import { dealLost } from '../../usecases/move.js';

const c = 'deal lost';

export default defineCommand({
  id: 'deal.lost',
  words: ['deal', 'lost'],
  aliases: ['lose'],
  usage: 'deal lost <name> reason=<reason> [competitor=<name>] [note="<text>"] [--override "<reason>"]',
  example: 'deal lost "Acme Corp" reason=competitor competitor=Globex',
  summary: { en: 'Mark a deal as lost with a reason.', zh: '将商机标记为输单，并注明原因。' },
  details: (locale) => [lostReasonsLine(locale), helpText(locale, 'override')],
  args: z.object({ name: nameArg, reason: lostReasonArg, competitor: nameArg.optional(), note: notesArg.optional(), override: overrideArg }),
  chat: { description: 'sub_lost', options: [
      dealOption,
      { name: 'reason', description: 'opt_reason', kind: 'string', as: 'key', required: true, choices: lostReasonChoices },
      textOption('competitor', 'opt_lost_competitor', NAME_MAX),
      textOption('note', 'opt_note', NOTES_MAX),
      overrideOption,
    ] },
  parse(rest) {
    const args = splitArgs(rest, { command: c, keys: ['reason', 'competitor', 'note'], flags: OVERRIDE });
    const n = name(args, c);
    noMore(args, 2, c);
    const keyed = args.keys.get('reason');
    const positional = args.positionals[1]?.text;
    if (keyed !== undefined && positional !== undefined) usage('reasonTwice', {}, c);
    const reasonRaw = keyed ?? positional;
    if (reasonRaw === undefined) return usage('missingKey', { key: 'reason' }, c);
    const cmd: ArgsOf<'deal.lost'> = { name: n, reason: lostReason(reasonRaw, c) };
    const competitor = args.keys.get('competitor');
    if (competitor !== undefined) cmd.competitor = visibleName(competitor, 'competitor', c);
    const note = args.keys.get('note');
    if (note !== undefined) cmd.note = text(note, 'note', c, NOTES_MAX, true);
    return withOverride(cmd, args);
  },
  run: (ctx, a) => dealLost(ctx, { type: 'deal.lost', ...a }),
});
