// The posters this configuration can reach.
import type { Config } from '../../config.js';
import { dingtalkPoster } from './dingtalk.js';
import { discordPoster } from './discord.js';
import { feishuPoster } from './feishu.js';
import type { ChannelPoster } from './notifier.js';
import { slackPoster } from './slack.js';
import { terminalPoster } from './terminal.js';
import { join } from 'node:path';

export function postersFor(config: Config, terminal?: (text: string) => void): ChannelPoster[] {
  const posters: ChannelPoster[] = [];
  if (config.slack) posters.push(slackPoster(config.slack));
  if (config.discord) posters.push(discordPoster(config.discord));
  if (config.feishu) posters.push(feishuPoster(config.feishu));
  if (config.dingtalk) posters.push(dingtalkPoster(config.dingtalk));
  if (terminal) posters.push(terminalPoster(join(config.dataDir, 'charts'), terminal));
  return posters;
}
