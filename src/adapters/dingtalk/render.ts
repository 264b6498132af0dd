// Reply → DingTalk markdown message. Kept apart from the transport so it can become a
// renderer of typed views.
import { errorTitle } from '../../core/error-titles.js';
import type { Locale } from '../../core/model.js';
import type { Reply } from '../../core/reply.js';
import type { Markdown } from './api.js';

const MAX_TEXT = 5000;

/** Markdown would eat these; escaped so names and notes show as typed. */
function escape(text: string): string {
  return text.replace(/([*_`#[\]<>|])/g, '\\$1');
}

function markdown(title: string, body: string): Markdown {
  const lines = escape(body).split('\n');
  // DingTalk markdown needs a blank line (or two spaces) to break a line.
  return { title: title.slice(0, 100) || ' ', text: `#### ${escape(title)}\n\n${lines.join('  \n')}`.slice(0, MAX_TEXT) };
}

export function replyMarkdown(reply: Reply, locale: Locale): Markdown {
  if (!reply.ok && reply.code) return markdown(errorTitle(locale, reply.code), reply.text);
  const [title = '', ...rest] = reply.text.split('\n');
  return markdown(title, rest.join('\n'));
}

export function noticeMarkdown(text: string): Markdown {
  const [title = '', ...rest] = text.split('\n');
  return markdown(title, rest.join('\n'));
}
