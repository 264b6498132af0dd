// Digests, alerts and nudges into DingTalk from any process (a worker needs no stream):
// markdown through the robot send API (a group by conversation id, a member one-to-one),
// charts uploaded as media and sent as an image message after the text.
import type { DingTalkConfig } from '../../config.js';
import type { OutboundMessage } from '../../core/jobs/ports.js';
import { createDingTalkApi, type DingTalkApi, type RobotTarget } from '../dingtalk/api.js';
import { noticeMarkdown } from '../dingtalk/render.js';
import type { ChannelPoster } from './notifier.js';

/** A subscribed channel: `user:<staffId>` for a one-to-one chat, else a group's conversation id. */
export function targetOf(channel: string): RobotTarget {
  return channel.startsWith('user:') ? { kind: 'user', staffId: channel.slice(5) } : { kind: 'group', conversationId: channel };
}

export function dingtalkPoster(dingtalk: DingTalkConfig, api: DingTalkApi = createDingTalkApi(dingtalk)): ChannelPoster {
  const send = async (to: RobotTarget, message: OutboundMessage) => {
    await api.send(to, { markdown: noticeMarkdown(message.text) });
    if (message.image) await api.send(to, { mediaId: await api.uploadImage(message.image.png, message.image.filename) });
  };
  return {
    adapter: 'dingtalk',
    post: (_ws, channel, message) => send(targetOf(channel), message),
    direct: (_ws, staffId, message) => send({ kind: 'user', staffId }, message),
  };
}
