import { ADMINS } from '../../registry/access.js';
import { z } from 'zod';
import { need, noMore, splitArgs } from '../../parser/args.js';
import { text, userRole } from '../../parser/values.js';
import { memberRoleArg, textArg } from '../../registry/schemas.js';
import { memberRoleChoices } from '../../registry/chat-options.js';
import { defineCommand } from '../../registry/types.js';
import { roleSet } from '../../usecases/admin.js';

const c = 'role set';

export default defineCommand({
  id: 'role.set',
  words: ['role', 'set'],
  usage: 'role set <user> <rep|manager|admin>',
  example: 'role set alice manager',
  summary: { en: 'Give a member a role.', zh: '设置成员的角色。' },
  role: ADMINS,
  args: z.object({ user: textArg, role: memberRoleArg }),
  chat: { description: 'sub_role_set', options: [
      { name: 'user', description: 'opt_user', kind: 'user', as: 'word', required: true },
      { name: 'role', description: 'opt_member_role', kind: 'string', as: 'word', required: true, choices: memberRoleChoices },
    ] },
  parse(rest) {
    const args = splitArgs(rest, { command: c });
    const user = text(need(args, 0, '<user>', c), '<user>', c);
    const role = userRole(need(args, 1, '<rep|manager|admin>', c), c);
    noMore(args, 2, c);
    return { user, role };
  },
  run: (ctx, a) => roleSet(ctx, { type: 'role.set', ...a }),
});
