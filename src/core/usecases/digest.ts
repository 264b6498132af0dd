// Digest subscriptions per channel, and the digest on demand.

import type { Command } from '../commands.js';
import { defineTexts } from '../i18n.js';
import { DEFAULT_RULES, digestChannels, type ChannelRef } from '../jobs/ports.js';
import { fail, ok, type Reply } from '../reply.js';
import type { Locale } from '../model.js';
import { localeOf, type Context } from './context.js';

type Of<T extends Command['type']> = Extract<Command, { type: T }>;

const t = defineTexts(
  'digest-commands',
  {
    subscribed: 'This channel will get the weekly digest, Mondays at 09:00 ({timezone}).',
    alreadySubscribed: 'This channel already gets the weekly digest.',
    unsubscribed: 'This channel will no longer get the weekly digest.',
    notSubscribed: 'This channel does not get the weekly digest.',
    managersOnly: 'Only a manager can change where the digest is posted.',
    status: 'Weekly digest: Mondays at 09:00 ({timezone}). Channels: {channels}.',
    none: 'none yet (run "digest subscribe" in a channel)',
    posted: 'Digest posted.',
    notAvailable: 'Digests are not available in this process.',
  },
  {
    subscribed: '本频道将在每周一 09:00（{timezone}）收到每周简报。',
    alreadySubscribed: '本频道已订阅每周简报。',
    unsubscribed: '本频道将不再收到每周简报。',
    notSubscribed: '本频道没有订阅每周简报。',
    managersOnly: '只有经理可以更改简报发送的频道。',
    status: '每周简报：每周一 09:00（{timezone}）。频道：{channels}。',
    none: '暂无（在频道中运行 "digest subscribe"）',
    posted: '简报已发送。',
    notAvailable: '当前进程不提供简报功能。',
  },
);

/** What a member below manager is told when changing subscriptions (the commands declare who may). */
export const managersOnly = (locale: Locale) => t(locale, 'managersOnly');

/** Where a command came from; the terminal when no chat channel is known. */
export function channelOf(ctx: Context): ChannelRef {
  return ctx.channel ?? { adapter: 'terminal', channel: 'local' };
}

const same = (a: ChannelRef, b: ChannelRef) => a.adapter === b.adapter && a.channel === b.channel;

async function change(ctx: Context, subscribe: boolean): Promise<Reply> {
  const locale = localeOf(ctx);
  const here = channelOf(ctx);
  const ws = ctx.workspace.id;
  const current = digestChannels(await ctx.store.getSettings(ws));
  const has = current.some((c) => same(c, here));
  if (subscribe === has) {
    return ok(t(locale, subscribe ? 'alreadySubscribed' : 'notSubscribed', { timezone: ctx.workspace.timezone }), { channels: current });
  }
  const next = subscribe ? [...current, here] : current.filter((c) => !same(c, here));
  await ctx.store.updateSettings(ws, { digestChannels: next });
  return ok(t(locale, subscribe ? 'subscribed' : 'unsubscribed', { timezone: ctx.workspace.timezone }), { channels: next });
}

export function digestSubscribe(ctx: Context, _cmd: Of<'digest.subscribe'>): Promise<Reply> {
  return change(ctx, true);
}

export function digestUnsubscribe(ctx: Context, _cmd: Of<'digest.unsubscribe'>): Promise<Reply> {
  return change(ctx, false);
}

export async function digestStatus(ctx: Context): Promise<Reply> {
  const locale = localeOf(ctx);
  const channels = digestChannels(await ctx.store.getSettings(ctx.workspace.id));
  const list = channels.length ? channels.map((c) => `${c.adapter}:${c.channel}`).join(', ') : t(locale, 'none');
  return ok(t(locale, 'status', { timezone: ctx.workspace.timezone, channels: list }), {
    channels,
    schedule: DEFAULT_RULES.digest,
    timezone: ctx.workspace.timezone,
  });
}

export async function digestNow(ctx: Context): Promise<Reply> {
  if (!ctx.digests) return fail('UNAVAILABLE', t(localeOf(ctx), 'notAvailable'));
  const result = await ctx.digests.now(ctx, channelOf(ctx));
  return ok(result.text, result.data);
}
