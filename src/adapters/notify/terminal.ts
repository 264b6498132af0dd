// The terminal "channel": messages are printed, images saved under DATA_DIR/charts and
// their path printed, so the digest works with no chat platform at all.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OutboundMessage } from '../../core/jobs/ports.js';
import { terminalText } from '../shell/terminal-text.js';
import type { ChannelPoster } from './notifier.js';

export function saveImage(dir: string, message: OutboundMessage): string | null {
  if (!message.image) return null;
  mkdirSync(dir, { recursive: true });
  const path = join(dir, message.image.filename.replace(/[^\w.-]+/g, '-'));
  writeFileSync(path, message.image.png);
  return path;
}

export function terminalPoster(chartDir: string, write: (text: string) => void): ChannelPoster {
  const show = (header: string, message: OutboundMessage) => {
    const path = saveImage(chartDir, message);
    write(terminalText(`${header}\n${message.text}${path ? `\n[chart] ${path}` : ''}\n`));
  };
  return {
    adapter: 'terminal',
    post: async (_ws, channel, message) => show(`── #${channel} ──`, message),
    direct: async (_ws, userId, message) => show(`── @${userId} ──`, message),
  };
}
