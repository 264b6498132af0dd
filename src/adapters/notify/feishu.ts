// Digests, alerts and nudges into Feishu/Lark from any process (a worker needs no long
// connection): cards through im/v1/messages, charts uploaded with im/v1/images and
// shown in the card; nudges as direct messages by open_id.
import type { FeishuConfig } from '../../config.js';
import type { OutboundMessage } from '../../core/jobs/ports.js';
import { createFeishuApi, type FeishuApi, type ReceiveIdType } from '../feishu/api.js';
import { noticeCard } from '../feishu/render.js';
import type { ChannelPoster } from './notifier.js';

export function feishuPoster(feishu: FeishuConfig, api: FeishuApi = createFeishuApi(feishu)): ChannelPoster {
  const send = async (type: ReceiveIdType, id: string, message: OutboundMessage) => {
    const imageKey = message.image ? await api.uploadImage(message.image.png) : undefined;
    await api.send({ type, id }, noticeCard(message.text, imageKey));
  };
  return {
    adapter: 'feishu',
    post: (_ws, chatId, message) => send('chat_id', chatId, message),
    direct: (_ws, openId, message) => send('open_id', openId, message),
  };
}
