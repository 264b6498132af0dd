// Reply → Feishu interactive card (header + markdown). Kept apart from the transport
// so it can become a renderer of typed views.
import { errorTitle } from '../../core/error-titles.js';
import type { Locale } from '../../core/model.js';
import type { Reply } from '../../core/reply.js';
import type { FeishuMessage } from './api.js';

/** Feishu card markdown treats these as markup; escaped so names and notes show as typed. */
function escapeMarkdown(text: string): string {
  return text.replace(/([*_~`[\]<>])/g, '\\$1');
}

const MAX_CONTENT = 28_000; // a card's JSON may be 30 KB

function card(title: string, body: string, template: string, image?: string): FeishuMessage {
  const elements: Record<string, unknown>[] = [];
  if (body.trim()) elements.push({ tag: 'markdown', content: escapeMarkdown(body).slice(0, MAX_CONTENT) });
  if (image) elements.push({ tag: 'img', img_key: image, alt: { tag: 'plain_text', content: title } });
  return {
    msgType: 'interactive',
    content: {
      config: { wide_screen_mode: true },
      header: { title: { tag: 'plain_text', content: title.slice(0, 200) || ' ' }, template },
      elements,
    },
  };
}

/** Errors get their code's title (red; orange when a gate blocks); answers their first line as the title. */
export function replyCard(reply: Reply, locale: Locale): FeishuMessage {
  if (!reply.ok && reply.code) {
    return card(errorTitle(locale, reply.code), reply.text, reply.code === 'GATE_BLOCKED' ? 'orange' : 'red');
  }
  const [title = '', ...rest] = reply.text.split('\n');
  return card(title, rest.join('\n'), 'blue');
}

/** A posted notice (digest, alert, nudge): the first line as the title, a chart image below. */
export function noticeCard(text: string, imageKey?: string): FeishuMessage {
  const [title = '', ...rest] = text.split('\n');
  return card(title, rest.join('\n'), 'indigo', imageKey);
}
