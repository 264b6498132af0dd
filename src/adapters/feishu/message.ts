// im.message.receive_v1 → who sent what where. In a group the bot answers only when
// it is @mentioned; in a direct chat (p2p) every text message is a command.

export interface FeishuMention {
  key: string;
  id?: { open_id?: string };
  name?: string;
}

/** The fields of im.message.receive_v1 Stagecoach reads, as the SDK's dispatcher hands them over. */
export interface FeishuMessageEvent {
  event_id?: string;
  token?: string;
  tenant_key?: string;
  sender?: { sender_id?: { open_id?: string }; sender_type?: string; tenant_key?: string };
  message?: {
    message_id?: string;
    chat_id?: string;
    chat_type?: string;
    message_type?: string;
    content?: string;
    mentions?: FeishuMention[];
  };
}

export interface FeishuCommand {
  messageId: string;
  tenantKey: string;
  openId: string;
  chatId: string;
  direct: boolean;
  text: string;
}

function textOf(content: string | undefined): string | null {
  try {
    const parsed = JSON.parse(content ?? '') as { text?: unknown };
    return typeof parsed.text === 'string' ? parsed.text : null;
  } catch {
    return null;
  }
}

/**
 * The command in a message, or null when the bot should stay silent (another bot, a
 * group message not addressed to it, not text). `botOpenId` unknown: any mention counts.
 */
export function commandOf(event: FeishuMessageEvent, botOpenId: string | undefined): FeishuCommand | null {
  const m = event.message;
  const openId = event.sender?.sender_id?.open_id;
  const tenantKey = event.tenant_key ?? event.sender?.tenant_key;
  if (!m?.message_id || !m.chat_id || !openId || !tenantKey) return null;
  if (event.sender?.sender_type && event.sender.sender_type !== 'user') return null;
  if (m.message_type !== 'text') return null;
  let text = textOf(m.content);
  if (text === null) return null;
  const direct = m.chat_type === 'p2p';
  const mentions = m.mentions ?? [];
  const isBot = (mention: FeishuMention) => (botOpenId ? mention.id?.open_id === botOpenId : true);
  if (!direct && !mentions.some(isBot)) return null;
  for (const mention of mentions) {
    // The bot's own mention goes; anyone else's stays readable as @name.
    text = text.split(mention.key).join(isBot(mention) ? ' ' : `@${mention.name ?? ''}`);
  }
  text = text.replace(/\s+/gu, ' ').trim();
  if (text === '') return null;
  return { messageId: m.message_id, tenantKey, openId, chatId: m.chat_id, direct, text };
}
