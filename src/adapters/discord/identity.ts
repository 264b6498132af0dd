// Discord guild → Stagecoach workspace, Discord user → member. Members with Manage
// Server are admins; the configured manager role (DISCORD_MANAGER_ROLE, a role name
// or id) makes managers; everyone else has the role stored with `role set`. A platform
// role is a floor for the interaction that carries it (Identity.platformRole): never
// stored, and it never lowers a role given with `role set`.

import { PermissionFlagsBits, type BaseInteraction } from 'discord.js';
import type { App, Identity } from '../../app.js';
import type { Locale, Role } from '../../core/model.js';
import type { Context } from '../../core/usecases/index.js';

export function workspaceIdOf(guildId: string): string {
  return `discord:${guildId}`;
}

export interface DiscordMemberRef {
  guildId: string;
  guildName?: string | undefined;
  /** Discord's guild locale (`zh-CN`, `en-US`, ...), used when a workspace is first created. */
  guildLocale?: string | null | undefined;
  userId: string;
  displayName?: string | undefined;
  /** Manage Server (Manage Guild) permission. */
  manageGuild: boolean;
  roleIds: readonly string[];
  roleNames: readonly string[];
  channelId?: string | null | undefined;
}

/** The role a member has on Discord, or undefined when Discord grants nothing special. */
export function platformRole(ref: DiscordMemberRef, managerRole: string | undefined): Role | undefined {
  if (ref.manageGuild) return 'admin';
  if (managerRole) {
    const wanted = managerRole.replace(/^<@&(\d+)>$/, '$1').replace(/^@/, '').trim();
    const lower = wanted.toLocaleLowerCase('en-US');
    if (ref.roleIds.includes(wanted) || ref.roleNames.some((n) => n.toLocaleLowerCase('en-US') === lower)) return 'manager';
  }
  return undefined;
}

function localeOf(guildLocale: string | null | undefined): Locale | undefined {
  if (!guildLocale) return undefined;
  return guildLocale === 'zh-CN' || guildLocale === 'zh-TW' ? 'zh-CN' : 'en';
}

export function identityOf(ref: DiscordMemberRef, managerRole: string | undefined): Identity {
  const identity: Identity = {
    workspaceId: workspaceIdOf(ref.guildId),
    workspaceName: ref.guildName ?? ref.guildId,
    userId: ref.userId,
  };
  const role = platformRole(ref, managerRole);
  if (role) identity.platformRole = role;
  if (ref.displayName) identity.displayName = ref.displayName;
  if (ref.channelId) identity.channel = { adapter: 'discord', channel: ref.channelId };
  const locale = localeOf(ref.guildLocale);
  if (locale) identity.locale = locale;
  return identity;
}

/** What the interaction says about its member; null outside a guild (direct messages). */
export function memberRefOf(interaction: BaseInteraction): DiscordMemberRef | null {
  if (!interaction.guildId) return null;
  const member = interaction.member;
  let roleIds: string[] = [];
  let roleNames: string[] = [];
  let displayName: string | undefined = interaction.user.globalName ?? interaction.user.username;
  if (member) {
    if (Array.isArray(member.roles)) {
      // An uncached guild: the payload carries role ids only; names come from the cache if any.
      roleIds = member.roles;
      roleNames = roleIds.map((id) => interaction.guild?.roles.cache.get(id)?.name).filter((n): n is string => n !== undefined);
      displayName = ('nick' in member && member.nick) || displayName;
    } else if ('cache' in member.roles) {
      roleIds = [...member.roles.cache.keys()];
      roleNames = [...member.roles.cache.values()].map((r) => r.name);
      displayName = ('displayName' in member && typeof member.displayName === 'string' && member.displayName) || displayName;
    }
  }
  return {
    guildId: interaction.guildId,
    guildName: interaction.guild?.name,
    guildLocale: interaction.guildLocale,
    userId: interaction.user.id,
    displayName,
    manageGuild: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
    roleIds,
    roleNames,
    channelId: interaction.channelId,
  };
}

/** The use-case context for a member, with the Discord role as a floor under the stored one. */
export function discordContext(app: App, ref: DiscordMemberRef, managerRole: string | undefined): Promise<Context> {
  return app.context(identityOf(ref, managerRole));
}
