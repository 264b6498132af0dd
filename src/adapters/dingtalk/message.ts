// A robot message from the stream (topic /v1.0/im/bot/messages/get) → the command in
// it. DingTalk delivers group messages to a robot only when it is @mentioned; one-to-one
// chats (conversationType "1") reach it whole.

/** The fields of a robot message Stagecoach reads (dingtalk-stream's RobotTextMessage). */
export interface RobotMessage {
  msgId?: string;
  msgtype?: string;
  text?: { content?: string };
  conversationId?: string;
  conversationType?: string;
  chatbotCorpId?: string;
  senderCorpId?: string;
  senderStaffId?: string;
  senderNick?: string;
  isAdmin?: boolean;
  sessionWebhook?: string;
  sessionWebhookExpiredTime?: number;
}

export interface DingTalkCommand {
  msgId: string;
  corpId: string;
  staffId: string;
  nick: string | undefined;
  conversationId: string;
  direct: boolean;
  text: string;
  /** The organisation's admin flag DingTalk sends with the message. */
  orgAdmin: boolean;
  webhook: { url: string; expiresAt: number } | undefined;
}

export function commandOf(msg: RobotMessage): DingTalkCommand | null {
  const corpId = msg.chatbotCorpId ?? msg.senderCorpId;
  if (!msg.msgId || !corpId || !msg.senderStaffId || !msg.conversationId) return null;
  if (msg.msgtype !== 'text' || typeof msg.text?.content !== 'string') return null;
  // A leading @name (how the robot was addressed) is not part of the command.
  const text = msg.text.content.replace(/^\s*(@\S+\s+)*/u, '').trim();
  if (text === '') return null;
  return {
    msgId: msg.msgId,
    corpId,
    staffId: msg.senderStaffId,
    nick: msg.senderNick,
    conversationId: msg.conversationId,
    direct: msg.conversationType === '1',
    text,
    orgAdmin: msg.isAdmin === true,
    webhook: msg.sessionWebhook ? { url: msg.sessionWebhook, expiresAt: msg.sessionWebhookExpiredTime ?? 0 } : undefined,
  };
}
