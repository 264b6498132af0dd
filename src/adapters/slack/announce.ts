// Announcing deal moves in a channel, a per-workspace setting:
// `/stagecoach announce here | #channel | off`.
import type { webApi } from '@slack/bolt';
import type { DealView } from '../../core/format.js';
import { formatAmount } from '../../core/format.js';
import type { Locale } from '../../core/model.js';
import type { Reply } from '../../core/reply.js';
import { atLeast, type Context } from '../../core/usecases/context.js';
import type { Logger } from '../log.js';
import { notice, type SlackMessage } from './blocks.js';
import { context, esc, fallbackText, mention, section } from './mrkdwn.js';
import { slackText } from './texts.js';

export const ANNOUNCE_SETTING = 'slackAnnounceChannel';

const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;

export async function announceChannel(ctx: Context): Promise<string | null> {
  const value = (await ctx.store.getSettings(ctx.workspace.id))[ANNOUNCE_SETTING];
  return typeof value === 'string' && CHANNEL_ID.test(value) ? value : null;
}

/** `/stagecoach announce ...`; `here` is the channel the command was typed in. */
export async function announceCommand(
  ctx: Context,
  arg: string,
  here: string,
  client: webApi.WebClient,
  logger: Logger,
): Promise<SlackMessage> {
  const locale = ctx.workspace.locale;
  const t = (k: Parameters<typeof slackText>[1], p?: Record<string, string>) => slackText(locale, k, p);
  const word = arg.trim().toLowerCase();
  if (word === '') {
    const current = await announceChannel(ctx);
    return notice(current ? t('announceShow', { channel: current }) : t('announceNone'));
  }
  const channel = word === 'here' ? here : CHANNEL_ID.test(arg.trim()) ? arg.trim() : null;
  const off = ['off', 'none', 'stop'].includes(word);
  if (!off && !channel) return notice(t('announceUsage'), false);
  if (!atLeast(ctx.actor.role, 'manager')) return notice(t('announceNeedsManager'), false);
  if (off) {
    await ctx.store.updateSettings(ctx.workspace.id, { [ANNOUNCE_SETTING]: null });
    return notice(t('announceOff'));
  }
  const target = channel as string;
  try {
    // Saying hello checks that the bot may post there before the setting is saved.
    await client.chat.postMessage({ channel: target, text: t('announceHello') });
  } catch (err) {
    logger.warn({ err, channel: target }, 'slack announce channel refused');
    return notice(t('announceCannotPost', { channel: target }), false);
  }
  await ctx.store.updateSettings(ctx.workspace.id, { [ANNOUNCE_SETTING]: target });
  return notice(t('announceSet', { channel: target }));
}

function isDeal(v: unknown): v is DealView {
  return typeof v === 'object' && v !== null && 'stageName' in v && 'owner' in v;
}

/** The channel message for a stage change, or null when the reply is not one. */
export function announcement(reply: Reply, actor: string, locale: Locale): SlackMessage | null {
  const data = reply.data ?? {};
  if (!reply.ok || typeof data.event !== 'object' || data.event === null || !isDeal(data.deal)) return null;
  const head = reply.text.split('\n')[0] ?? '';
  const deal = data.deal;
  const facts = [slackText(locale, 'by', { actor: mention(actor) }), formatAmount(deal.amount, deal.currency, locale), mention(deal.owner)];
  return {
    text: fallbackText(head),
    blocks: [section(`:arrow_right: ${esc(head)}`), context(facts.join(' · '))],
  };
}

/** Posts the announcement of a move when the workspace has an announcement channel. */
export async function announceMove(ctx: Context, reply: Reply, client: webApi.WebClient, logger: Logger): Promise<void> {
  const message = announcement(reply, ctx.actor.userId, ctx.workspace.locale);
  if (!message) return;
  const channel = await announceChannel(ctx);
  if (!channel) return;
  try {
    await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
  } catch (err) {
    logger.warn({ err, channel }, 'slack announcement not posted');
  }
}
