import { ADMINS } from '../../registry/access.js';
import { z } from 'zod';
import { need, splitArgs } from '../../parser/args.js';
import { usage } from '../../parser/errors.js';
import { NAME_MAX, visibleName } from '../../parser/values.js';
import { nameArg } from '../../registry/schemas.js';
import { stageOption } from '../../registry/chat-options.js';
import { defineCommand } from '../../registry/types.js';
import { gatesSet } from '../../usecases/admin.js';

const c = 'gates set';
const REQUIRE_WORDS = ['require', 'requires', 'required'];
const NONE_WORDS = ['none', '无', '没有'];

export default defineCommand({
  id: 'gates.set',
  words: ['gates', 'set'],
  usage: 'gates set <stage> require <requirement> [<requirement> ...]',
  example: 'gates set proposal require amount close_date decision_maker',
  summary: { en: 'Set what a stage requires ("require none" clears it).', zh: '设置阶段的准入要求（"require none" 表示清空）。' },
  role: ADMINS,
  // An empty list clears the gate ("require none"); ids are checked by the use case.
  args: z.object({ stage: nameArg, requires: z.array(z.string().min(1).max(NAME_MAX)) }),
  chat: { description: 'sub_gates_set', options: [
      stageOption('stage', 'opt_gate_stage', true),
      { name: 'requirements', description: 'opt_requirements', kind: 'string', as: 'words', keyword: 'require', required: true, complete: 'requirement', maxLength: 500 },
    ] },
  parse(rest) {
    const args = splitArgs(rest, { command: c });
    const stage = visibleName(need(args, 0, '<stage>', c), '<stage>', c, NAME_MAX);
    const keyword = args.positionals[1];
    if (keyword === undefined || keyword.quoted || !REQUIRE_WORDS.includes(keyword.text.toLowerCase())) {
      return usage('requireKeyword', {}, c);
    }
    const words = args.positionals.slice(2);
    if (words.length === 0) return usage('noRequirements', {}, c);
    const requires: string[] = [];
    let none = false;
    for (const w of words) {
      if (!w.quoted && NONE_WORDS.includes(w.text.trim().toLowerCase())) {
        none = true;
        continue;
      }
      for (const part of w.text.split(/[,，、]/u)) {
        // Requirement ids are snake_case: accept `Close-Date` for close_date.
        const r = part.trim().toLowerCase().replace(/-/g, '_');
        if (r.length === 0) continue;
        if (Array.from(r).length > NAME_MAX) usage('valueTooLong', { field: '<requirement>', max: NAME_MAX }, c);
        if (!requires.includes(r)) requires.push(r);
      }
    }
    if (none && requires.length > 0) return usage('noneMixed', {}, c);
    if (!none && requires.length === 0) return usage('noRequirements', {}, c);
    return { stage, requires };
  },
  run: (ctx, a) => gatesSet(ctx, { type: 'gates.set', ...a }),
});
