// `gates requirements`: every requirement id a gate can ask for, with what it means.

import { z } from 'zod';
import { defineTexts } from '../../i18n.js';
import { nothing } from '../../parser/args.js';
import { defineCommand } from '../../registry/types.js';
import { ok } from '../../reply.js';
import { REQUIREMENT_IDS, requirementHint } from '../../requirements.js';

const t = defineTexts(
  'command:gates.requirements:texts',
  { header: 'Requirements a stage gate can ask for (use the ids with "gates set"):' },
  { header: '阶段关卡可以要求的条件（在 "gates set" 中使用这些代码）：' },
);

export default defineCommand({
  id: 'gates.requirements',
  words: ['gates', 'requirements'],
  aliases: ['reqs', 'requirement'],
  usage: 'gates requirements',
  example: 'gates requirements',
  summary: { en: 'List the requirement ids a gate can use, with what each one asks for.', zh: '列出关卡可用的条件代码及其含义。' },
  chat: { description: { en: 'The requirement ids a gate can use', zh: '关卡可用的条件代码' }, options: [] },
  args: z.object({}).strict(),
  parse: nothing('gates requirements'),
  run: (ctx) => {
    const locale = ctx.workspace.locale;
    const requirements = REQUIREMENT_IDS.map((id) => ({ id, hint: requirementHint(locale, id) }));
    const lines = requirements.map((r) => `  • ${r.id}: ${r.hint}`);
    return Promise.resolve(ok([t(locale, 'header'), ...lines].join('\n'), { requirements }));
  },
});
