// DingTalk organisation (chatbotCorpId) → Stagecoach workspace, senderStaffId → member.
// Organisation admins (the isAdmin flag of the message) are admins and members with
// DINGTALK_MANAGER_ROLE managers, for each request only (the stored role of a member
// seen for the first time is rep). The role look-up is cached for a few minutes and
// never holds a command up more than 2 s: then the stored role applies.
import type { AppPort, Identity } from '../../core/app-port.js';
import type { Role } from '../../core/model.js';
import type { Context } from '../../core/usecases/index.js';
import { platformLocale } from '../chat/inbox.js';
import { within, withRoleFloor } from '../chat/roles.js';
import type { Logger } from '../log.js';
import type { DingTalkApi } from './api.js';
import type { DingTalkCommand } from './message.js';

export function workspaceIdOf(corpId: string): string {
  return `dingtalk:${corpId}`;
}

export interface DingTalkRoles {
  roleOf(cmd: DingTalkCommand): Promise<Role | undefined>;
}

export function createRoles(api: DingTalkApi, logger: Logger, options: { managerRole?: string | undefined; ttlMs?: number; timeoutMs?: number } = {}): DingTalkRoles {
  const ttl = options.ttlMs ?? 5 * 60_000;
  const timeout = options.timeoutMs ?? 2000;
  const wanted = options.managerRole?.trim().toLocaleLowerCase('zh-CN');
  const cache = new Map<string, { at: number; value: Promise<boolean> }>();

  function isManager(staffId: string): Promise<boolean> {
    const hit = cache.get(staffId);
    if (hit && Date.now() - hit.at < ttl) return hit.value;
    const value = api.roleNames(staffId).then((names) => names.some((n) => n.trim().toLocaleLowerCase('zh-CN') === wanted));
    const entry = { at: Date.now(), value };
    cache.set(staffId, entry);
    value.catch((err: unknown) => {
      logger.warn({ err, staffId }, 'dingtalk roles not read');
      if (cache.get(staffId) === entry) cache.delete(staffId);
    });
    if (cache.size > 5000) cache.delete(cache.keys().next().value as string);
    return value;
  }

  return {
    async roleOf(cmd) {
      if (cmd.orgAdmin) return 'admin';
      if (wanted && (await within(timeout, isManager(cmd.staffId), false))) return 'manager';
      return undefined;
    },
  };
}

export function identityOf(app: AppPort, cmd: DingTalkCommand): Identity {
  const identity: Identity = {
    workspaceId: workspaceIdOf(cmd.corpId),
    workspaceName: cmd.corpId,
    userId: cmd.staffId,
    locale: platformLocale(app),
    // Digest subscriptions: group chats by conversation id, one-to-one chats by the member.
    channel: { adapter: 'dingtalk', channel: cmd.direct ? `user:${cmd.staffId}` : cmd.conversationId },
  };
  if (cmd.nick) identity.displayName = cmd.nick;
  return identity;
}

export async function dingtalkContext(app: AppPort, cmd: DingTalkCommand, roles: DingTalkRoles): Promise<Context> {
  const [ctx, role] = await Promise.all([app.context(identityOf(app, cmd)), roles.roleOf(cmd)]);
  return withRoleFloor(ctx, role);
}
