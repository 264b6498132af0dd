// Slack team → Stagecoach workspace, Slack user → member. Slack workspace admins and
// owners act as Stagecoach admins while Slack says so (a per-request floor, never
// stored); everyone else has the role stored with `role set`.
import type { webApi } from '@slack/bolt';
import type { Identity } from '../../app.js';
import type { Logger } from '../log.js';

export interface SlackUserRef {
  teamId: string;
  teamName?: string | undefined;
  userId: string;
  userName?: string | undefined;
}

export function workspaceIdOf(teamId: string): string {
  return `slack:${teamId}`;
}

interface Profile {
  admin: boolean;
  displayName: string | undefined;
}

export interface IdentityResolver {
  resolve(ref: SlackUserRef): Promise<Identity>;
}

const DEFAULT_TTL_MS = 5 * 60_000;
/** A command never waits longer than this for Slack to say who its user is. */
export const LOOKUP_TIMEOUT_MS = 2_000;

export interface IdentityCacheOptions {
  /** How long a users.info answer (admin or not) is trusted; at most 5 minutes. */
  ttlMs?: number;
  now?: () => number;
}

function deadline(ms: number): Promise<never> {
  return new Promise((_, reject) => {
    setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref();
  });
}

/**
 * Looks users up with users.info, caching the answer briefly (a demoted admin loses the
 * role within the TTL). `client` should fail fast (lookupClient): the look-up is raced
 * against LOOKUP_TIMEOUT_MS anyway, and a user Slack cannot describe acts with the
 * stored role.
 */
export function createIdentityResolver(client: webApi.WebClient, logger: Logger, options: IdentityCacheOptions = {}): IdentityResolver {
  const ttl = Math.min(options.ttlMs ?? DEFAULT_TTL_MS, DEFAULT_TTL_MS);
  const now = options.now ?? Date.now;
  const cache = new Map<string, { at: number; profile: Promise<Profile | null> }>();

  async function lookup(userId: string): Promise<Profile | null> {
    try {
      const res = await Promise.race([client.users.info({ user: userId }), deadline(LOOKUP_TIMEOUT_MS)]);
      const u = res.user;
      if (!u) return null;
      const displayName = u.profile?.display_name || u.real_name || u.name || undefined;
      return { admin: Boolean(u.is_admin || u.is_owner || u.is_primary_owner), displayName };
    } catch (err) {
      // Without users.info the stored role still applies; nothing is granted.
      logger.warn({ err, userId }, 'slack users.info failed');
      return null;
    }
  }

  function profileOf(teamId: string, userId: string): Promise<Profile | null> {
    const key = `${teamId}:${userId}`;
    const hit = cache.get(key);
    if (hit && now() - hit.at < ttl) return hit.profile;
    const profile = lookup(userId);
    cache.set(key, { at: now(), profile });
    // A failed lookup is not remembered: the next command asks again.
    void profile.then((p) => {
      if (p === null && cache.get(key)?.profile === profile) cache.delete(key);
    });
    if (cache.size > 5000) cache.delete(cache.keys().next().value as string);
    return profile;
  }

  return {
    async resolve(ref) {
      const profile = await profileOf(ref.teamId, ref.userId);
      const identity: Identity = {
        workspaceId: workspaceIdOf(ref.teamId),
        workspaceName: ref.teamName ?? ref.teamId,
        userId: ref.userId,
      };
      const displayName = profile?.displayName ?? ref.userName;
      if (displayName) identity.displayName = displayName;
      if (profile?.admin) identity.platformRole = 'admin';
      return identity;
    },
  };
}
