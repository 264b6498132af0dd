// One Notifier over every front door: a workspace id's prefix says which chat it
// lives in (slack:T…, discord:G…, feishu:<tenant>, dingtalk:<corp>, local = the terminal).
import type { ChannelRef, Notifier, OutboundMessage } from '../../core/jobs/ports.js';

export interface ChannelPoster {
  adapter: ChannelRef['adapter'];
  post(workspaceId: string, channel: string, message: OutboundMessage): Promise<void>;
  direct(workspaceId: string, userId: string, message: OutboundMessage): Promise<void>;
}

export function adapterOf(workspaceId: string): ChannelRef['adapter'] {
  if (workspaceId.startsWith('slack:')) return 'slack';
  if (workspaceId.startsWith('discord:')) return 'discord';
  if (workspaceId.startsWith('feishu:')) return 'feishu';
  if (workspaceId.startsWith('dingtalk:')) return 'dingtalk';
  return 'terminal';
}

export class NoPosterError extends Error {
  constructor(readonly adapter: string) {
    super(`No ${adapter} front door is running to deliver this message.`);
  }
}

export function compositeNotifier(posters: readonly ChannelPoster[]): Notifier {
  const find = (adapter: string) => {
    const poster = posters.find((p) => p.adapter === adapter);
    // Throwing makes the job fail and retry later, instead of marking it done unseen.
    if (!poster) throw new NoPosterError(adapter);
    return poster;
  };
  return {
    post: (workspaceId, to, message) => find(to.adapter).post(workspaceId, to.channel, message),
    direct: (workspaceId, userId, message) => find(adapterOf(workspaceId)).direct(workspaceId, userId, message),
  };
}
