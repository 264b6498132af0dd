// Small Block Kit building blocks: escaping, length limits, mentions.
import type { types } from '@slack/bolt';

export type Block = types.KnownBlock;

/** Slack limits: section text 3000 chars, a message 50 blocks, plain-text headers 150. */
export const SECTION_MAX = 2900;
export const MAX_BLOCKS = 50;

/** Escapes the three characters mrkdwn treats as control characters. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** `<@U123>` for Slack user ids (Slack shows the name), the escaped text otherwise. */
export function mention(user: string): string {
  return SLACK_USER_ID.test(user) ? `<@${user}>` : esc(user);
}

/** Splits text at line breaks into pieces of at most `max` characters. */
export function chunk(text: string, max = SECTION_MAX): string[] {
  const out: string[] = [];
  let cur = '';
  for (const line of text.split('\n')) {
    let rest = line;
    while (rest.length > max) {
      if (cur) out.push(cur);
      cur = '';
      out.push(rest.slice(0, max));
      rest = rest.slice(max);
    }
    const next = cur ? `${cur}\n${rest}` : rest;
    if (next.length > max) {
      out.push(cur);
      cur = rest;
    } else {
      cur = next;
    }
  }
  if (cur) out.push(cur);
  return out;
}

export function section(mrkdwn: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: mrkdwn } };
}

export function context(mrkdwn: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: mrkdwn }] };
}

/** Sections for text already in mrkdwn, split to Slack's limit. */
export function sections(mrkdwn: string): Block[] {
  return chunk(mrkdwn).filter((c) => c.trim()).map(section);
}

/** Monospaced blocks for aligned text (tables, help), escaped and split to the limit. */
export function codeBlocks(text: string): Block[] {
  return chunk(esc(text), SECTION_MAX - 8)
    .filter((c) => c.trim())
    .map((c) => section('```' + c + '```'));
}

/** Keeps a message within Slack's block limit, saying how much was left out. */
export function capBlocks(blocks: Block[], more: (count: number) => string): Block[] {
  if (blocks.length <= MAX_BLOCKS) return blocks;
  const kept = blocks.slice(0, MAX_BLOCKS - 1);
  return [...kept, context(more(blocks.length - kept.length))];
}

/** The plain `text` of a message: notifications and clients without blocks show it. */
export function fallbackText(text: string): string {
  return text.length > 3000 ? `${text.slice(0, 2999)}…` : text;
}
