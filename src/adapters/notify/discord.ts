// Digests, alerts and nudges into Discord from any process (a worker needs no gateway):
// REST with its rate-limit handling, charts as attachments, DMs to owners.
import { REST } from 'discord.js';
import type { DiscordConfig } from '../../config.js';
import type { OutboundMessage } from '../../core/jobs/ports.js';
import { postChart } from '../discord/charts.js';
import type { ChannelPoster } from './notifier.js';

const MAX_CONTENT = 2000;

function chunks(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += MAX_CONTENT) out.push(text.slice(i, i + MAX_CONTENT));
  return out.length ? out : [''];
}

export function discordPoster(discord: DiscordConfig): ChannelPoster {
  const rest = new REST(discord.apiUrl ? { api: discord.apiUrl.replace(/\/+$/, '') } : {}).setToken(discord.token);
  const send = async (channelId: string, message: OutboundMessage) => {
    for (const content of chunks(message.text)) {
      await rest.post(`/channels/${channelId}/messages`, { body: { content, allowed_mentions: { parse: [] } } });
    }
    if (message.image) {
      await postChart(rest, channelId, Buffer.from(message.image.png), { name: message.image.filename, title: message.image.title });
    }
  };
  return {
    adapter: 'discord',
    post: (_ws, channel, message) => send(channel, message),
    direct: async (_ws, userId, message) => {
      const dm = (await rest.post('/users/@me/channels', { body: { recipient_id: userId } })) as { id: string };
      await send(dm.id, message);
    },
  };
}
