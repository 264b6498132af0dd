import { nothing } from '../../parser/args.js';
import { noArgs } from '../../registry/schemas.js';
import { defineCommand } from '../../registry/types.js';
import { roleList } from '../../usecases/admin.js';

export default defineCommand({
  id: 'role.list',
  words: ['role', 'list'],
  aliases: ['ls'],
  groupDefault: true,
  usage: 'role list',
  example: 'role list',
  summary: { en: 'List members and their roles.', zh: '列出成员及其角色。' },
  args: noArgs,
  chat: { description: 'sub_role_list', options: [] },
  parse: nothing('role list'),
  run: (ctx) => roleList(ctx),
});
