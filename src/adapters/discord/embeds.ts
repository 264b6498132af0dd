// Core replies → Discord embeds: deal cards, histories, lists, blocked moves, errors,
// and a generic one for everything else: the reply text in the description, tables
// (metrics, funnels, win/loss) in a code block so their columns line up. Everything
// is cut to Discord's limits (4096 description, 25 fields, 6000 characters in total).

import { escapeMarkdown, type APIEmbed, type APIEmbedField } from 'discord.js';
import { dealCardText, formatAmount, type DealView, type EventView } from '../../core/format.js';
import type { Locale } from '../../core/model.js';
import type { Reply } from '../../core/reply.js';
import { errorTitle } from '../../core/error-titles.js';
import { say } from '../../core/texts.js';
import { LIMITS } from './limits.js';
import { discordText } from './texts.js';

export const COLORS = { ok: 0x2ecc71, info: 0x5865f2, warn: 0xe67e22, error: 0xe74c3c } as const;

const SNOWFLAKE = /^\d{17,20}$/;

/** `<@id>` for Discord user ids (shown as the member's name, never a ping in embeds). */
export function mention(user: string): string {
  return SNOWFLAKE.test(user) ? `<@${user}>` : escapeMarkdown(user);
}

/** Cuts to `max` UTF-16 units (what Discord counts, at worst), never inside a character. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = '';
  for (const ch of s) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

function len(s: string | undefined): number {
  return s === undefined ? 0 : s.length;
}

export function embedLength(e: APIEmbed): number {
  return (
    len(e.title) +
    len(e.description) +
    len(e.footer?.text) +
    len(e.author?.name) +
    (e.fields ?? []).reduce((n, f) => n + len(f.name) + len(f.value), 0)
  );
}

/** Cuts one embed to every per-part limit and to `total` characters overall. */
export function fitEmbed(e: APIEmbed, total: number = LIMITS.embedTotal): APIEmbed {
  const out: APIEmbed = { ...e };
  if (out.title !== undefined) out.title = truncate(out.title, LIMITS.embedTitle);
  if (out.footer) out.footer = { ...out.footer, text: truncate(out.footer.text, LIMITS.footer) };
  if (out.fields) {
    out.fields = out.fields.slice(0, LIMITS.embedFields).map((f) => ({
      ...f,
      name: truncate(f.name || '\u200b', LIMITS.fieldName),
      value: truncate(f.value || '\u200b', LIMITS.fieldValue),
    }));
  }
  if (out.description !== undefined) out.description = truncate(out.description, LIMITS.embedDescription);
  // Over the total: shorten the description first, then drop trailing fields.
  let over = embedLength(out) - total;
  if (over > 0 && out.description) {
    const keep = Math.max(0, len(out.description) - over - 1);
    out.description = keep > 0 ? truncate(out.description, keep) : '…';
    over = embedLength(out) - total;
  }
  while (over > 0 && out.fields && out.fields.length > 0) {
    out.fields = out.fields.slice(0, -1);
    over = embedLength(out) - total;
  }
  return out;
}

/** Lines joined until `max` characters, with "…and N more" for the rest. */
export function joinLines(lines: readonly string[], max: number, more: (count: number) => string): string {
  const out: string[] = [];
  let used = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const tail = i < lines.length - 1 ? len(more(lines.length - i)) + 1 : 0;
    if (used + len(line) + 1 + tail > max) {
      out.push(more(lines.length - i));
      break;
    }
    out.push(line);
    used += len(line) + 1;
  }
  return out.join('\n');
}

function stripColon(s: string): string {
  return s.replace(/[:：]\s*$/u, '');
}

function firstLine(text: string): [string, string] {
  const i = text.indexOf('\n');
  return i < 0 ? [text, ''] : [text.slice(0, i), text.slice(i + 1)];
}

/** Aligned text (tables, lists of stages) reads best in a code block. */
function body(text: string): string {
  const trimmed = text.replace(/^\n+|\s+$/g, '');
  if (!trimmed) return '';
  const aligned = /^ {2}|\S {2,}\S/mu.test(trimmed);
  if (!aligned) return trimmed;
  const inner = truncate(trimmed.replace(/```/g, "'''"), LIMITS.embedDescription - 8);
  return '```\n' + inner + '\n```';
}

function isDealView(v: unknown): v is DealView {
  return typeof v === 'object' && v !== null && 'stageName' in v && 'contacts' in v && 'name' in v;
}

export function dealEmbed(view: DealView, header: string, locale: Locale): APIEmbed {
  const t = (k: Parameters<typeof say>[1]) => say(locale, k);
  const orDash = (v: string | null) => (v ? escapeMarkdown(v) : t('notSet'));
  const competitors = view.noCompetitor ? t('none') : view.competitors.map((c) => escapeMarkdown(c)).join(', ') || t('notSet');
  const contacts = view.contacts.length
    ? view.contacts.map((c) => `${escapeMarkdown(c.name)}${c.title ? `, ${escapeMarkdown(c.title)}` : ''} (${c.role})`).join('\n')
    : t('notSet');
  const fields: APIEmbedField[] = [
    { name: t('labelStage'), value: view.stageName, inline: true },
    { name: t('labelDaysInStage'), value: String(view.daysInStage), inline: true },
    { name: t('labelOwner'), value: mention(view.owner), inline: true },
    { name: t('labelAmount'), value: formatAmount(view.amount, view.currency, locale), inline: true },
    { name: t('labelClose'), value: orDash(view.closeDate), inline: true },
    { name: t('labelIndustry'), value: orDash(view.industry), inline: true },
    { name: t('labelSource'), value: orDash(view.source), inline: true },
    { name: t('labelTeam'), value: orDash(view.team), inline: true },
    { name: t('labelCompetitors'), value: competitors, inline: true },
    { name: t('labelContacts'), value: contacts, inline: false },
  ];
  if (view.tags.length) fields.push({ name: t('labelTags'), value: view.tags.map((x) => escapeMarkdown(x)).join(', '), inline: false });
  if (view.notes) fields.push({ name: t('labelNotes'), value: escapeMarkdown(view.notes), inline: false });
  if (view.lostReason) {
    fields.push({ name: t('labelLost'), value: `${view.lostReason}${view.lostNote ? ` (${escapeMarkdown(view.lostNote)})` : ''}`, inline: false });
  }
  const e: APIEmbed = { title: view.name, color: view.stage === 'lost' ? COLORS.error : COLORS.ok, fields, timestamp: view.updatedAt };
  if (header.trim()) e.description = header.trim();
  return fitEmbed(e);
}

export function historyEmbed(title: string, events: readonly EventView[], stageName: (key: string) => string, locale: Locale): APIEmbed {
  const lines = events.map((e) => {
    const at = Math.floor(new Date(e.at).getTime() / 1000);
    const move = e.from === null ? `${say(locale, 'created')} → ${stageName(e.to)}` : `${stageName(e.from)} → ${stageName(e.to)}`;
    const extra = [
      e.overrideReason ? `${say(locale, 'override')}: ${escapeMarkdown(e.overrideReason)}` : '',
      e.imported ? say(locale, 'historyImported') : '',
    ].filter(Boolean);
    return `<t:${at}:f> · **${escapeMarkdown(move)}** · ${mention(e.by)}${extra.length ? ` · ${extra.join(' ')}` : ''}`;
  });
  const description = joinLines(lines, LIMITS.embedDescription, (count) => discordText(locale, 'moreItems', { count }));
  return fitEmbed({ title: stripColon(title), description, color: COLORS.info });
}

export function listEmbed(title: string, views: readonly DealView[], locale: Locale): APIEmbed {
  const lines = views.map(
    (v) => `**${escapeMarkdown(v.name)}** · ${escapeMarkdown(v.stageName)} · ${formatAmount(v.amount, v.currency, locale)} · ${mention(v.owner)}`,
  );
  const description = joinLines(lines, LIMITS.embedDescription, (count) => discordText(locale, 'moreItems', { count }));
  return fitEmbed({ title: stripColon(title), description, color: COLORS.info });
}

export interface MissingItem {
  id: string;
  hint: string;
}

export function blockedEmbed(reply: Reply, missing: readonly MissingItem[], locale: Locale, note?: string): APIEmbed {
  const lines = reply.text.split('\n');
  const last = lines.length > 1 ? lines[lines.length - 1] : undefined;
  const footer = last && !last.trimStart().startsWith('•') ? last.trim() : undefined;
  const e: APIEmbed = {
    title: errorTitle(locale, 'GATE_BLOCKED'),
    description: [stripColon(lines[0] ?? ''), note].filter(Boolean).join('\n\n'),
    color: COLORS.warn,
    fields: missing.map((m) => ({ name: m.id, value: m.hint })),
  };
  if (footer) e.footer = { text: footer };
  if (missing.length > LIMITS.embedFields) {
    e.fields = missing.slice(0, LIMITS.embedFields - 1).map((m) => ({ name: m.id, value: m.hint }));
    e.fields.push({ name: '…', value: discordText(locale, 'moreItems', { count: missing.length - LIMITS.embedFields + 1 }) });
  }
  return fitEmbed(e);
}

export function errorEmbed(reply: Reply, locale: Locale): APIEmbed {
  const code = reply.code ?? 'INTERNAL';
  const e: APIEmbed = { title: errorTitle(locale, code), description: body(reply.text) || reply.text, color: COLORS.error };
  if (code === 'USAGE') e.footer = { text: discordText(locale, 'usageTip') };
  return fitEmbed(e);
}

export function genericEmbed(reply: Reply): APIEmbed {
  const [head, rest] = firstLine(reply.text);
  const e: APIEmbed = { color: reply.ok ? COLORS.info : COLORS.error };
  if (rest.trim() && len(head) <= LIMITS.embedTitle) {
    e.title = stripColon(head);
    e.description = body(rest);
  } else {
    e.description = body(reply.text) || reply.text || '\u200b';
  }
  return fitEmbed(e);
}

export interface RenderOptions {
  locale: Locale;
  /** Stage display names for history events (keys otherwise). */
  stageName?: (key: string) => string;
}

/** The embed for any reply except a blocked move (see completion.ts for that one). */
export function replyEmbed(reply: Reply, opts: RenderOptions): APIEmbed {
  const { locale } = opts;
  const data = reply.data ?? {};
  if (!reply.ok) return errorEmbed(reply, locale);
  if (isDealView(data.deal)) {
    const card = dealCardText(data.deal, locale);
    const header = reply.text.endsWith(card) ? reply.text.slice(0, -card.length) : firstLine(reply.text)[0];
    return dealEmbed(data.deal, header === card ? '' : header, locale);
  }
  if (Array.isArray(data.events)) {
    return historyEmbed(firstLine(reply.text)[0], data.events as EventView[], opts.stageName ?? ((k) => k), locale);
  }
  if (Array.isArray(data.deals) && data.deals.every(isDealView)) {
    if (data.deals.length === 0) return genericEmbed(reply);
    return listEmbed(firstLine(reply.text)[0], data.deals, locale);
  }
  return genericEmbed(reply);
}

/** Keeps several embeds of one message within 10 embeds and 6000 characters together. */
export function fitMessage(embeds: readonly APIEmbed[]): APIEmbed[] {
  const out: APIEmbed[] = [];
  let left: number = LIMITS.embedTotal;
  for (const e of embeds.slice(0, LIMITS.embeds)) {
    if (left <= 0) break;
    const fitted = fitEmbed(e, left);
    out.push(fitted);
    left -= embedLength(fitted);
  }
  return out;
}
