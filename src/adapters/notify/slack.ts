// Digests, alerts and nudges into Slack from any process (a worker needs no receiver):
// text with chat.postMessage, charts with files.uploadV2; 429s wait for Retry-After.
import { webApi } from '@slack/bolt';
import type { SlackConfig } from '../../config.js';
import type { OutboundMessage } from '../../core/jobs/ports.js';
import { uploadImage } from '../slack/upload.js';
import type { ChannelPoster } from './notifier.js';

/** A header for the first line, then sections of at most Slack's 3,000 characters. */
export function messageBlocks(text: string): Record<string, unknown>[] {
  const [title = '', ...rest] = text.split('\n');
  const blocks: Record<string, unknown>[] = [{ type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) || ' ' } }];
  let chunk = '';
  for (const line of rest) {
    if (chunk.length + line.length + 1 > 2900) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
      chunk = '';
    }
    chunk = chunk ? `${chunk}\n${line}` : line;
  }
  if (chunk.trim()) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
  return blocks.slice(0, 50);
}

export function slackPoster(slack: SlackConfig): ChannelPoster {
  const client = new webApi.WebClient(slack.botToken, {
    ...(slack.apiUrl && { slackApiUrl: slack.apiUrl.endsWith('/') ? slack.apiUrl : `${slack.apiUrl}/` }),
    rejectRateLimitedCalls: false,
    retryConfig: webApi.retryPolicies.tenRetriesInAboutThirtyMinutes,
  });
  const send = async (channel: string, message: OutboundMessage) => {
    // `text` stays as the notification and screen-reader fallback of the blocks.
    const posted = await client.chat.postMessage({ channel, text: message.text, blocks: messageBlocks(message.text) as never });
    // A DM's channel id is the one chat.postMessage opened; uploads need it.
    if (message.image) await uploadImage(client, posted.channel ?? channel, message.image.png, message.image.title);
  };
  return {
    adapter: 'slack',
    post: (_ws, channel, message) => send(channel, message),
    direct: (_ws, userId, message) => send(userId, message),
  };
}
