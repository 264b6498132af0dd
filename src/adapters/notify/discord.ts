// Digests, alerts and nudges into Discord from any process (a worker needs no gateway):
// REST with its rate-limit handling, charts as attachments, DMs to owners.
import { REST } from 'discord.js';
import type { DiscordConfig } from '../../config.js';
import type { OutboundMessage } from '../../core/jobs/ports.js';
import { postChart } from '../discord/charts.js';
import type { ChannelPoster } from './notifier.js';

const MAX_DESCRIPTION = 4096;

/** Embeds for a message: the first line as title, the rest as descriptions within Discord's limits. */
export function messageEmbeds(text: string): { title?: string; description: string }[] {
  const [title = '', ...rest] = text.split('\n');
  // Discord caps a message's embeds at 6,000 characters in all.
  const body = rest.join('\n').trim().slice(0, 5500) || ' ';
  const out: { title?: string; description: string }[] = [];
  for (let i = 0; i < body.length; i += MAX_DESCRIPTION) out.push({ description: body.slice(i, i + MAX_DESCRIPTION) });
  if (out[0]) out[0].title = title.slice(0, 256);
  return out.slice(0, 10);
}

export function discordPoster(discord: DiscordConfig): ChannelPoster {
  const rest = new REST(discord.apiUrl ? { api: discord.apiUrl.replace(/\/+$/, '') } : {}).setToken(discord.token);
  const send = async (channelId: string, message: OutboundMessage) => {
    await rest.post(`/channels/${channelId}/messages`, { body: { embeds: messageEmbeds(message.text), allowed_mentions: { parse: [] } } });
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
