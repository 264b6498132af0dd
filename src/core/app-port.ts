// What the front doors (terminal, CLI, chat platforms, CSV, the demo loader) need from
// the running application. Declared in core so that adapters depend on it, never on
// src/app.ts: the composition root implements it and stays on top.

import type { ChannelRef } from './jobs/ports.js';
import type { Locale, Role } from './model.js';
import type { Clock, Store } from './ports.js';
import type { Reply } from './reply.js';
import type { Context } from './usecases/context.js';

/** Who is acting and where, as a front door knows it. */
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

export interface AppPort {
  store: Store;
  clock: Clock;
  /** Replies before a workspace is known (it cannot be reached, a message outside one) use this locale. */
  config: { defaultLocale: Locale; /** DEFAULT_LOCALE was set explicitly (else platforms may pick their own default). */ defaultLocaleSet?: boolean };
  /** The use-case context of an identity: its workspace and member, created when first seen. */
  context(identity: Identity): Promise<Context>;
  /** Runs one line of the command language for an identity; never throws. */
  run(identity: Identity, input: string): Promise<Reply>;
}
