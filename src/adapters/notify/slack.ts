// Digests, alerts and nudges into Slack from any process (a worker needs no receiver):
// text with chat.postMessage, charts with files.uploadV2; 429s wait for Retry-After.
import { webApi } from '@slack/bolt';
import type { SlackConfig } from '../../config.js';
import type { OutboundMessage } from '../../core/jobs/ports.js';
import { uploadImage } from '../slack/upload.js';
import type { ChannelPoster } from './notifier.js';

export function slackPoster(slack: SlackConfig): ChannelPoster {
  const client = new webApi.WebClient(slack.botToken, {
    ...(slack.apiUrl && { slackApiUrl: slack.apiUrl.endsWith('/') ? slack.apiUrl : `${slack.apiUrl}/` }),
    rejectRateLimitedCalls: false,
    retryConfig: webApi.retryPolicies.tenRetriesInAboutThirtyMinutes,
  });
  const send = async (channel: string, message: OutboundMessage) => {
    const posted = await client.chat.postMessage({ channel, text: message.text, mrkdwn: true });
    // A DM's channel id is the one chat.postMessage opened; uploads need it.
    if (message.image) await uploadImage(client, posted.channel ?? channel, message.image.png, message.image.title);
  };
  return {
    adapter: 'slack',
    post: (_ws, channel, message) => send(channel, message),
    direct: (_ws, userId, message) => send(userId, message),
  };
}
