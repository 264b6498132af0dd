// Composition root shared by every entry point (terminal, CLI, chat adapters, jobs):
// opens the database, builds the store, and turns an identity into a use-case Context.
import { createAnalyticsStore } from './adapters/db/analytics/index.js';
import { openDatabase, type Database } from './adapters/db/connect.js';
import { createStore } from './adapters/db/store.js';
import type { Config } from './config.js';
import type { Locale, Role, Workspace } from './core/model.js';
import { defaultPipeline } from './core/pipeline.js';
import type { Clock, Store } from './core/ports.js';
import { errorReply, handleText, type Context } from './core/usecases/index.js';
import { atLeast, type DigestService } from './core/usecases/context.js';
import type { ChannelRef } from './core/jobs/ports.js';
import type { Reply } from './core/reply.js';

export const systemClock: Clock = { now: () => new Date() };

export interface Identity {
  workspaceId: string;
  workspaceName: string;
  userId: string;
  displayName?: string;
  /**
   * A role asserted for this request only by a trusted front door (the terminal and its
   * `--role`): it replaces the stored role, may lower it, and is never stored.
   */
  role?: Role;
  /**
   * What the chat platform says right now (Slack workspace admin, Discord Manage Server or
   * manager role): a floor under the stored role for this request only, never stored.
   */
  platformRole?: Role;
  locale?: Locale;
  timezone?: string;
  /** The chat channel the command came from (digest subscriptions are per channel). */
  channel?: ChannelRef;
}

export interface App {
  db: Database;
  store: Store;
  clock: Clock;
  config: Config;
  context(identity: Identity): Promise<Context>;
  /** A context for scheduled work in an existing workspace: acts as manager "stagecoach", clock at `at`. */
  systemContext(workspaceId: string, at: Date): Promise<Context>;
  /** Lets the jobs runtime offer `digest now` to every later context. */
  attachDigests(service: DigestService): void;
  run(identity: Identity, input: string): Promise<Reply>;
  close(): Promise<void>;
}

export interface AppOptions {
  clock?: Clock;
  db?: Database;
  onError?: (err: unknown, input: string) => void;
}

export async function openApp(config: Config, options: AppOptions = {}): Promise<App> {
  const db =
    options.db ??
    (await openDatabase(config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: config.dataDir }));
  const store = createStore(db.prisma, db.sql);
  const analytics = createAnalyticsStore(db.sql);
  const clock = options.clock ?? systemClock;
  const known = new Map<string, Workspace>();
  let digests: DigestService | undefined;

  async function workspaceOf(id: Identity): Promise<Workspace> {
    const cached = known.get(id.workspaceId);
    if (cached) return cached;
    const ws = await store.ensureWorkspace(
      {
        id: id.workspaceId,
        name: id.workspaceName,
        locale: id.locale ?? config.defaultLocale,
        timezone: id.timezone ?? config.defaultTimezone,
      },
      defaultPipeline(),
    );
    known.set(ws.id, ws);
    return ws;
  }

  async function context(id: Identity): Promise<Context> {
    const workspace = await workspaceOf(id);
    const stored =
      (await store.getMember(workspace.id, id.userId)) ??
      (await store.upsertMember({
        workspaceId: workspace.id,
        userId: id.userId,
        displayName: id.displayName ?? id.userId,
        // A member seen for the first time is a rep; only `role set` stores anything higher.
        role: 'rep',
      }));
    const actor = { ...stored, role: effectiveRole(stored.role, id) };
    return { workspace, actor, store, clock, analytics, ...(id.channel && { channel: id.channel }), ...(digests && { digests }) };
  }

  async function systemContext(workspaceId: string, at: Date): Promise<Context> {
    const workspace = known.get(workspaceId) ?? (await store.getWorkspace(workspaceId));
    if (!workspace) throw new Error(`unknown workspace ${workspaceId}`);
    const actor = { workspaceId, userId: 'stagecoach', displayName: 'Stagecoach', role: 'manager' as const };
    return { workspace, actor, store, clock: { now: () => new Date(at) }, analytics, ...(digests && { digests }) };
  }

  return {
    db,
    store,
    clock,
    config,
    context,
    systemContext,
    attachDigests(service) {
      digests = service;
    },
    async run(identity, input) {
      let ctx: Context;
      try {
        ctx = await context(identity);
      } catch (err) {
        options.onError?.(err, input);
        return errorReply(err, identity.locale ?? config.defaultLocale);
      }
      return handleText(ctx, input, options.onError);
    },
    close: () => db.close(),
  };
}

/** The asserted role if any, else the higher of the stored role and the platform's. */
function effectiveRole(stored: Role, id: Identity): Role {
  if (id.role) return id.role;
  return id.platformRole && !atLeast(stored, id.platformRole) ? id.platformRole : stored;
}

export function localIdentity(config: Config, user?: string, role?: Role): Identity {
  const userId = user ?? config.localUser;
  return {
    workspaceId: 'local',
    workspaceName: 'Local workspace',
    userId,
    // The terminal's own user is its operator: an admin unless told otherwise.
    role: role ?? (userId === config.localUser ? 'admin' : undefined),
    locale: config.defaultLocale,
    timezone: config.defaultTimezone,
  };
}
