// `bin/stagecoach discord register [--guild <id>]`: sends the command definitions to
// Discord. Guild commands update at once (for testing); global ones reach every server.
// Answers a Reply like every subcommand: USAGE (exit 2) for a usage or configuration
// error, another code (exit 1) when Discord refuses or cannot be reached.

import { DiscordAPIError, HTTPError, REST, Routes } from 'discord.js';
import type { Config, DiscordConfig } from '../../config.js';
import { fail, ok, type Reply } from '../../core/reply.js';
import { commandDefinitions } from './definitions.js';
import { checkCommandDefinitions } from './limits.js';

export const DISCORD_USAGE = 'Usage: stagecoach discord register [--guild <server id>] [--json]';

const SNOWFLAKE = /^\d{17,20}$/;

export interface RegisterOptions {
  guild?: string | undefined;
  /** Request timeout in ms (default 15 s). */
  timeoutMs?: number;
}

export async function registerCommands(config: DiscordConfig, options: RegisterOptions = {}): Promise<Reply> {
  const defs = commandDefinitions();
  const problems = checkCommandDefinitions(defs);
  if (problems.length) return fail('INVALID', `The command definitions break Discord's limits:\n${problems.join('\n')}`, { problems });
  const rest = new REST({ ...(config.apiUrl && { api: config.apiUrl.replace(/\/+$/, '') }), timeout: options.timeoutMs ?? 15_000 }).setToken(config.token);
  const guild = options.guild;
  const route = guild ? Routes.applicationGuildCommands(config.applicationId, guild) : Routes.applicationCommands(config.applicationId);
  const names = defs.map((d) => `/${d.name}`);
  try {
    const saved = (await rest.put(route, { body: defs })) as { id: string; name: string }[];
    const where = guild ? `server ${guild} (available now)` : 'every server (global commands can take up to an hour to appear)';
    return ok(`Registered ${saved.length} commands for ${where}: ${names.join(', ')}`, {
      scope: guild ? 'guild' : 'global',
      ...(guild && { guildId: guild }),
      commands: saved.map((c) => ({ id: c.id, name: c.name })),
    });
  } catch (err) {
    if (err instanceof DiscordAPIError) {
      const status = err.status;
      const hint =
        status === 401
          ? 'DISCORD_TOKEN was refused: copy the bot token again (Developer Portal → Bot → Reset Token).'
          : status === 403
            ? 'Discord refused: is the bot in that server, invited with the applications.commands scope?'
            : status === 404
              ? 'Unknown application or server: check DISCORD_APPLICATION_ID and --guild.'
              : `Discord answered ${status}: ${err.message}`;
      const code = status === 401 || status === 403 ? 'FORBIDDEN' : status === 404 ? 'INVALID' : status >= 500 ? 'UNAVAILABLE' : 'INVALID';
      return fail(code, hint, { status, discordCode: err.code });
    }
    if (err instanceof HTTPError) return fail('UNAVAILABLE', `Discord answered ${err.status}: ${err.message}`, { status: err.status });
    return fail('UNAVAILABLE', `Cannot reach Discord: ${(err as Error).message}`);
  } finally {
    rest.clearHandlerSweeper();
    rest.clearHashSweeper();
  }
}

/** The `discord` subcommand of bin/stagecoach. */
export async function discordCommand(config: Config, positionals: readonly string[], options: RegisterOptions = {}): Promise<Reply> {
  const [action, ...extra] = positionals;
  if (action !== 'register' || extra.length > 0) return fail('USAGE', DISCORD_USAGE);
  if (!config.discord) {
    return fail('USAGE', `Set DISCORD_TOKEN and DISCORD_APPLICATION_ID first (Developer Portal → your application).\n${DISCORD_USAGE}`);
  }
  if (options.guild !== undefined && !SNOWFLAKE.test(options.guild)) {
    return fail('USAGE', `--guild must be a server id (17-20 digits; Discord: Settings → Advanced → Developer Mode, then right-click the server → Copy Server ID).\n${DISCORD_USAGE}`);
  }
  return registerCommands(config.discord, options);
}
