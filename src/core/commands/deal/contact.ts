import { z } from 'zod';
import { name } from '../../parser/deal.js';
import { need, splitArgs } from '../../parser/args.js';
import { usage } from '../../parser/errors.js';
import { contactRole, NAME_MAX, text, TEXT_MAX, visibleName } from '../../parser/values.js';
import { contactRolesLine } from '../../registry/help-texts.js';
import { contactRoleArg, nameArg, textArg } from '../../registry/schemas.js';
import { contactRoleChoices, dealOption, textOption } from '../../registry/chat-options.js';
import { defineCommand } from '../../registry/types.js';
import { dealContact } from '../../usecases/deals.js';

const c = 'deal contact';

export default defineCommand({
  id: 'deal.contact',
  words: ['deal', 'contact'],
  usage: 'deal contact <name> "<person>" role=<role> [title="<title>"]',
  example: 'deal contact "Acme Corp" "Jane Doe" role=decision_maker title="VP Sales"',
  summary: { en: 'Add or update a contact person on a deal.', zh: '为商机添加或更新联系人。' },
  details: (locale) => [contactRolesLine(locale)],
  args: z.object({ name: nameArg, person: nameArg, role: contactRoleArg, title: textArg.optional() }),
  chat: { description: 'sub_contact', options: [
      dealOption,
      { name: 'person', description: 'opt_person', kind: 'string', as: 'name', required: true, maxLength: NAME_MAX },
      { name: 'role', description: 'opt_contact_role', kind: 'string', as: 'key', required: true, choices: contactRoleChoices },
      textOption('title', 'opt_title'),
    ] },
  parse(rest) {
    const args = splitArgs(rest, { command: c, keys: ['role', 'title'] });
    const n = name(args, c);
    need(args, 1, '<person>', c);
    // Unquoted multi-word person names are joined: deal contact Acme Jane Doe role=dm
    const person = visibleName(
      args.positionals
        .slice(1)
        .map((t) => t.text)
        .join(' '),
      '<person>',
      c,
    );
    const roleRaw = args.keys.get('role');
    if (roleRaw === undefined) return usage('missingKey', { key: 'role' }, c);
    const role = contactRole(roleRaw, c);
    const titleRaw = args.keys.get('title');
    const cmd = { name: n, person, role };
    return titleRaw === undefined ? cmd : { ...cmd, title: text(titleRaw, 'title', c, TEXT_MAX, true) };
  },
  run: (ctx, a) => dealContact(ctx, { type: 'deal.contact', ...a }),
});
