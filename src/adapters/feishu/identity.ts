// Feishu tenant → Stagecoach workspace, open_id → member. The app's administrators are
// admins and the members of FEISHU_MANAGER_CHAT managers, for each request only (the
// stored role of a member seen for the first time is rep). Look-ups are cached for a
// few minutes and never hold a command up more than 2 s: then the stored role applies.
import type { AppPort, Identity } from '../../core/app-port.js';
import type { Role } from '../../core/model.js';
import type { Context } from '../../core/usecases/index.js';
import { platformLocale } from '../chat/inbox.js';
import { within, withRoleFloor } from '../chat/roles.js';
import type { Logger } from '../log.js';
import type { FeishuApi } from './api.js';
import type { FeishuCommand } from './message.js';

export function workspaceIdOf(tenantKey: string): string {
  return `feishu:${tenantKey}`;
}

export interface RoleOptions {
  managerChat?: string | undefined;
  ttlMs?: number;
  timeoutMs?: number;
}

export interface FeishuRoles {
  roleOf(openId: string): Promise<Role | undefined>;
}

/** A set fetched at most once per TTL; a failed fetch is not remembered. */
function cachedSet(fetch: () => Promise<Set<string>>, ttlMs: number, log: (err: unknown) => void): () => Promise<Set<string>> {
  let hit: { at: number; value: Promise<Set<string>> } | undefined;
  return () => {
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    const value = fetch();
    const entry = { at: Date.now(), value };
    hit = entry;
    value.catch((err: unknown) => {
      log(err);
      if (hit === entry) hit = undefined;
    });
    return value;
  };
}

export function createRoles(api: FeishuApi, logger: Logger, options: RoleOptions = {}): FeishuRoles {
  const ttl = options.ttlMs ?? 5 * 60_000;
  const timeout = options.timeoutMs ?? 2000;
  const admins = cachedSet(() => api.appAdmins(), ttl, (err) => logger.warn({ err }, 'feishu app administrators not read'));
  const chat = options.managerChat;
  const managers = chat ? cachedSet(() => api.chatMembers(chat), ttl, (err) => logger.warn({ err }, 'feishu manager chat members not read')) : undefined;
  const none = new Set<string>();
  return {
    async roleOf(openId) {
      const [a, m] = await Promise.all([within(timeout, admins(), none), managers ? within(timeout, managers(), none) : none]);
      if (a.has(openId)) return 'admin';
      if (m.has(openId)) return 'manager';
      return undefined;
    },
  };
}

export function identityOf(app: AppPort, cmd: FeishuCommand): Identity {
  return {
    workspaceId: workspaceIdOf(cmd.tenantKey),
    workspaceName: cmd.tenantKey,
    userId: cmd.openId,
    locale: platformLocale(app),
    channel: { adapter: 'feishu', channel: cmd.chatId },
  };
}

/** The use-case context of a message's sender, the platform role as a floor under the stored one. */
export async function feishuContext(app: AppPort, cmd: FeishuCommand, roles: FeishuRoles): Promise<Context> {
  const [ctx, role] = await Promise.all([app.context(identityOf(app, cmd)), roles.roleOf(cmd.openId)]);
  return withRoleFloor(ctx, role);
}
