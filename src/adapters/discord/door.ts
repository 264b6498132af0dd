// The Discord front door: a discord.js client on the gateway (Guilds intent only, no
// privileged intents) that hands every interaction to the router. REST calls, rate
// limits and 429s are discord.js's own (never disabled here); DISCORD_API_URL points
// them elsewhere. Gateway errors and reconnects are logged, never fatal.

import { Client, Events, GatewayIntentBits, type ClientOptions } from 'discord.js';
import type { AppPort } from '../../core/app-port.js';
import type { DiscordConfig } from '../../config.js';
import type { FrontDoor } from '../front-door.js';
import type { Logger } from '../log.js';
import { createRouter, type RouterOptions } from './router.js';

export interface DiscordDoorOptions {
  app: AppPort;
  config: DiscordConfig;
  logger: Logger;
  deferAfterMs?: RouterOptions['deferAfterMs'];
  autocompleteTimeoutMs?: RouterOptions['autocompleteTimeoutMs'];
  /** How long start() waits for the gateway's READY (default 60 s). */
  readyTimeoutMs?: number;
}

export interface DiscordDoor extends FrontDoor {
  client: Client;
}

/** Client options: only the Guilds intent; REST with its rate-limit handling intact. */
export function clientOptions(config: DiscordConfig): ClientOptions {
  return {
    intents: [GatewayIntentBits.Guilds],
    // No reply may ping anyone: names in embeds are shown, never notified.
    allowedMentions: { parse: [], repliedUser: false },
    rest: config.apiUrl ? { api: config.apiUrl.replace(/\/+$/, '') } : {},
  };
}

export function createDiscordDoor(options: DiscordDoorOptions): DiscordDoor {
  const { config, logger } = options;
  const log = logger.child({ adapter: 'discord' });
  const client = new Client(clientOptions(config));
  const router = createRouter({
    app: options.app,
    logger: log,
    managerRole: config.managerRole,
    deferAfterMs: options.deferAfterMs,
    autocompleteTimeoutMs: options.autocompleteTimeoutMs,
  });

  client.on(Events.InteractionCreate, (interaction) => {
    void router.handle(interaction);
  });
  // Without an 'error' listener an EventEmitter error would crash the process.
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  client.on(Events.ShardError, (err, shardId) => log.error({ err, shardId }, 'discord gateway error'));
  client.on(Events.Warn, (message) => log.warn({ message }, 'discord warning'));
  client.on(Events.ShardDisconnect, (event, shardId) => log.warn({ code: event.code, shardId }, 'discord gateway disconnected'));
  client.on(Events.ShardReconnecting, (shardId) => log.info({ shardId }, 'discord gateway reconnecting'));
  client.on(Events.ShardResume, (shardId, replayed) => log.info({ shardId, replayed }, 'discord gateway resumed'));
  client.on(Events.Invalidated, () => log.error('discord session invalidated'));
  // discord.js REST waits out rate limits and retries 429s itself; we only log them.
  client.rest.on('rateLimited', (info) => log.warn({ route: info.route, retryAfter: info.retryAfter, global: info.global }, 'discord rate limited'));
  client.rest.on('restDebug', (message) => {
    if (message.includes('429 rate limit')) log.warn({ detail: message.split('\n').slice(0, 5).join(' ') }, 'discord rate limited');
  });

  return {
    name: 'discord',
    client,
    async start() {
      let timer: NodeJS.Timeout | undefined;
      const ready = new Promise<void>((resolve, reject) => {
        timer = setTimeout(() => reject(new Error('Discord gateway did not become ready in time')), options.readyTimeoutMs ?? 60_000);
        client.once(Events.ClientReady, (c) => {
          log.info({ user: c.user.tag, guilds: c.guilds.cache.size }, 'discord connected');
          resolve();
        });
      });
      ready.catch(() => undefined); // awaited below; a timeout during login is not unhandled
      try {
        await client.login(config.token);
        await ready;
      } catch (err) {
        log.error({ err }, 'discord login failed: check DISCORD_TOKEN and DISCORD_APPLICATION_ID');
        await client.destroy();
        throw err;
      } finally {
        clearTimeout(timer);
      }
    },
    async stop() {
      await router.drain();
      await client.destroy();
    },
  };
}
