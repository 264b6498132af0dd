// Charts as file attachments: a PNG buffer goes up as a multipart upload and an embed
// shows it (`attachment://<name>`). For interactions (reply, or follow-up/edit after a
// deferral) and for plain channel messages (scheduled posts).

import { MessageFlags, Routes, type APIEmbed, type REST, type RepliableInteraction } from 'discord.js';
import { COLORS, fitEmbed } from './embeds.js';

export interface ChartOptions {
  /** File name; letters, digits, dot, dash and underscore, ending in .png. */
  name?: string;
  title?: string;
  description?: string;
  /** Only the member who asked sees it (interactions only). */
  ephemeral?: boolean;
}

export interface ChartPayload {
  embeds: APIEmbed[];
  files: { name: string; attachment: Buffer; contentType: string }[];
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function chartFileName(name: string | undefined): string {
  const base = (name ?? 'chart.png').replace(/\.png$/i, '').replace(/[^\w.-]+/g, '-').replace(/^[-.]+/, '').slice(0, 60);
  return `${base || 'chart'}.png`;
}

/** The message parts for one chart: the file and an embed that displays it. */
export function chartPayload(png: Buffer, options: ChartOptions = {}): ChartPayload {
  if (png.length < PNG_MAGIC.length || !png.subarray(0, PNG_MAGIC.length).equals(PNG_MAGIC)) {
    throw new TypeError('chartPayload: the buffer is not a PNG image');
  }
  const name = chartFileName(options.name);
  const embed: APIEmbed = { color: COLORS.info, image: { url: `attachment://${name}` } };
  if (options.title) embed.title = options.title;
  if (options.description) embed.description = options.description;
  return { embeds: [fitEmbed(embed)], files: [{ name, attachment: png, contentType: 'image/png' }] };
}

/**
 * Sends a chart in answer to an interaction: the reply when none was sent yet, the
 * deferred reply's content after `deferReply`, a follow-up after that.
 */
export async function sendChart(interaction: RepliableInteraction, png: Buffer, options: ChartOptions = {}): Promise<void> {
  const payload = chartPayload(png, options);
  const flags = options.ephemeral ? MessageFlags.Ephemeral : undefined;
  if (interaction.deferred && !interaction.replied) {
    await interaction.editReply({ embeds: payload.embeds, files: payload.files });
  } else if (interaction.replied) {
    await interaction.followUp({ ...payload, ...(flags !== undefined && { flags }) });
  } else {
    await interaction.reply({ ...payload, ...(flags !== undefined && { flags }) });
  }
}

/** Posts a chart to a channel (scheduled digests): `POST /channels/:id/messages`, multipart. */
export async function postChart(rest: REST, channelId: string, png: Buffer, options: ChartOptions = {}): Promise<{ id: string }> {
  const payload = chartPayload(png, options);
  const file = payload.files[0];
  const body = { embeds: payload.embeds, attachments: [{ id: 0, filename: file?.name }], allowed_mentions: { parse: [] } };
  return (await rest.post(Routes.channelMessages(channelId), {
    body,
    files: payload.files.map((f) => ({ name: f.name, data: f.attachment, contentType: f.contentType })),
  })) as { id: string };
}
