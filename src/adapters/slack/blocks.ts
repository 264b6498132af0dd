// Core replies → Block Kit messages: deal cards, histories, lists, blocked moves,
// friendly errors, and a generic rendering of any other reply (analytics included).
import { formatAmount, type DealView, type EventView } from '../../core/format.js';
import type { Locale } from '../../core/model.js';
import type { Reply } from '../../core/reply.js';
import { errorTitle } from '../../core/error-titles.js';
import { say } from '../../core/texts.js';
import { completeButton } from './modal.js';
import { capBlocks, codeBlocks, context, esc, fallbackText, mention, section, sections, type Block } from './mrkdwn.js';
import { slackText } from './texts.js';

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export interface RenderOptions {
  locale: Locale;
  /** The core command that produced the reply (for the override hint and "Complete and move"). */
  command?: string;
  /** True for help replies: the Slack way of typing commands is added. */
  help?: boolean;
  /** Stage key → display name, for histories and blocked moves. */
  stageNames?: Record<string, string>;
}

type Data = Record<string, unknown>;

function isDealView(v: unknown): v is DealView {
  return typeof v === 'object' && v !== null && 'owner' in v && 'contacts' in v && 'stageName' in v;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

function restLines(text: string): string {
  return text.split('\n').slice(1).join('\n');
}

/** `deal move X y` → `/deal move X y`; admin commands go under /stagecoach. */
export function slashForm(command: string): string {
  const word = command.split(/\s/)[0]?.toLowerCase() ?? '';
  return ['deal', 'gates', 'funnel'].includes(word) ? `/${command}` : `/stagecoach ${command}`;
}

export function dealCard(view: DealView, locale: Locale): Block[] {
  const t = (k: Parameters<typeof say>[1]) => say(locale, k);
  const orDash = (v: string | null) => (v ? esc(v) : t('notSet'));
  const competitors = view.noCompetitor ? t('none') : esc(view.competitors.join(', ')) || t('notSet');
  const contacts = view.contacts.length
    ? view.contacts.map((c) => `${esc(c.name)}${c.title ? `, ${esc(c.title)}` : ''} (${c.role})`).join('\n')
    : t('notSet');
  const field = (label: string, value: string) => ({ type: 'mrkdwn' as const, text: `*${label}*\n${value}`.slice(0, 1990) });
  const blocks: Block[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `:briefcase: *${esc(view.name)}*` },
      fields: [
        field(t('labelStage'), esc(view.stageName)),
        field(t('labelDaysInStage'), String(view.daysInStage)),
        field(t('labelAmount'), formatAmount(view.amount, view.currency, locale)),
        field(t('labelOwner'), mention(view.owner)),
        field(t('labelClose'), orDash(view.closeDate)),
        field(t('labelCompetitors'), competitors),
        field(t('labelContacts'), contacts),
        field(t('labelIndustry'), orDash(view.industry)),
        field(t('labelSource'), orDash(view.source)),
        field(t('labelTeam'), orDash(view.team)),
      ],
    },
  ];
  const extra = [
    view.tags.length ? `*${t('labelTags')}:* ${esc(view.tags.join(', '))}` : '',
    view.notes ? `*${t('labelNotes')}:* ${esc(view.notes)}` : '',
    view.lostReason ? `*${t('labelLost')}:* ${view.lostReason}${view.lostNote ? ` (${esc(view.lostNote)})` : ''}` : '',
  ].filter(Boolean);
  if (extra.length) blocks.push(context(extra.join('   ').slice(0, 2990)));
  return blocks;
}

function dealMessage(reply: Reply, view: DealView, opts: RenderOptions): Block[] {
  const head = firstLine(reply.text);
  const blocks: Block[] = head && head !== view.name ? [section(`:white_check_mark: ${esc(head)}`)] : [];
  return [...blocks, ...dealCard(view, opts.locale)];
}

function historyMessage(reply: Reply, events: EventView[], opts: RenderOptions): Block[] {
  const { locale } = opts;
  const name = (key: string) => esc(opts.stageNames?.[key] ?? key);
  const lines = events.map((e) => {
    const at = e.at.slice(0, 16).replace('T', ' ');
    const move = e.from === null ? `${say(locale, 'created')} → ${name(e.to)}` : `${name(e.from)} → *${name(e.to)}*`;
    const extra = [
      e.overrideReason ? ` · _${say(locale, 'override')}: ${esc(e.overrideReason)}_` : '',
      e.imported ? ` ${say(locale, 'historyImported')}` : '',
    ].join('');
    return `• \`${at}\`  ${move} · ${mention(e.by)}${extra}`;
  });
  return [section(`:scroll: *${esc(firstLine(reply.text))}*`), ...sections(lines.join('\n'))];
}

function listMessage(reply: Reply, deals: DealView[], opts: RenderOptions): Block[] {
  const lines = deals.map(
    (d) => `• *${esc(d.name)}* · ${esc(d.stageName)} · ${formatAmount(d.amount, d.currency, opts.locale)} · ${mention(d.owner)}`,
  );
  return [section(`*${esc(firstLine(reply.text))}*`), ...sections(lines.join('\n'))];
}

interface MemberData {
  userId: string;
  displayName: string;
  role: string;
}

function membersMessage(reply: Reply, members: MemberData[]): Block[] {
  const lines = members.map((m) => `• ${mention(m.userId)}${m.displayName !== m.userId && !/^[UW][A-Z0-9]{2,}$/.test(m.userId) ? ` (${esc(m.displayName)})` : ''}: *${m.role}*`);
  return [section(`*${esc(firstLine(reply.text))}*`), ...sections(lines.join('\n'))];
}

/**
 * Replies without a dedicated renderer (analytics included): the headline, then each
 * paragraph as a code block when it is aligned like a table, as bullets when it is an
 * indented list, and as plain text otherwise.
 */
function genericMessage(text: string): Block[] {
  const blocks: Block[] = [section(esc(firstLine(text)) || ' ')];
  const rest = restLines(text).replace(/^\s*\n|\s+$/g, '');
  for (const para of rest ? rest.split(/\n[ \t]*\n/) : []) {
    const lines = para.split('\n');
    if (lines.some((l) => /\S {2,}\S|[│┃|]/.test(l.trim()))) blocks.push(...codeBlocks(para));
    else if (lines.every((l) => /^\s{2}/.test(l))) {
      const bullets = lines.map((l) => {
        const s = l.trim();
        return /^(\d+\.|•)/.test(s) ? esc(s) : `• ${esc(s)}`;
      });
      blocks.push(...sections(bullets.join('\n')));
    } else blocks.push(...sections(esc(para)));
  }
  return blocks;
}

function helpMessage(reply: Reply, locale: Locale): Block[] {
  return [...codeBlocks(reply.text), context(slackText(locale, 'helpFooter'))];
}

function errorMessage(reply: Reply, locale: Locale): Block[] {
  const code = reply.code ?? 'INTERNAL';
  const title = errorTitle(locale, code);
  const blocks: Block[] = [section(`:warning: *${title}*`), ...sections(esc(reply.text))];
  if (code === 'USAGE') blocks.push(context(slackText(locale, 'usageTip')));
  return blocks;
}

interface Missing {
  id: string;
  hint: string;
}

function blockedMessage(reply: Reply, data: Data, opts: RenderOptions): Block[] {
  const { locale } = opts;
  const missing = (Array.isArray(data.missing) ? data.missing : []) as Missing[];
  const deal = isDealView(data.deal) ? data.deal : undefined;
  const stageKey = typeof data.stage === 'string' ? data.stage : '';
  const stageName = opts.stageNames?.[stageKey] ?? stageKey;
  const blocks: Block[] = [
    section(`:no_entry: *${esc(firstLine(reply.text))}*`),
    ...sections(missing.map((m) => `• \`${m.id}\` ${esc(m.hint)}`).join('\n')),
  ];
  if (opts.command) blocks.push(context(slackText(locale, 'overrideHint', { command: esc(slashForm(opts.command)) })));
  if (opts.command && deal) {
    const button = completeButton({ command: opts.command, locale, deal: deal.name, stage: stageName, missing: missing.map((m) => m.id) });
    blocks.push(button ? { type: 'actions', block_id: 'stagecoach_blocked', elements: [button] } : context(slackText(locale, 'buttonGone')));
  }
  return blocks;
}

/** The Block Kit message for any core reply. */
export function renderReply(reply: Reply, opts: RenderOptions): SlackMessage {
  const data: Data = reply.data ?? {};
  const more = (count: number) => slackText(opts.locale, 'moreItems', { count });
  let blocks: Block[];
  if (!reply.ok && reply.code === 'GATE_BLOCKED' && Array.isArray(data.missing)) blocks = blockedMessage(reply, data, opts);
  else if (!reply.ok) blocks = errorMessage(reply, opts.locale);
  else if (opts.help) blocks = helpMessage(reply, opts.locale);
  else if (isDealView(data.deal)) blocks = dealMessage(reply, data.deal, opts);
  else if (Array.isArray(data.events)) blocks = historyMessage(reply, data.events as EventView[], opts);
  else if (Array.isArray(data.deals) && data.deals.every(isDealView) && data.deals.length > 0) blocks = listMessage(reply, data.deals, opts);
  else if (Array.isArray(data.members) && data.members.length > 0) blocks = membersMessage(reply, data.members as MemberData[]);
  else blocks = genericMessage(reply.text);
  return { text: fallbackText(reply.text), blocks: capBlocks(blocks, more) };
}

/** A short ephemeral notice (settings, confirmations) in the same look as replies. */
export function notice(text: string, ok = true): SlackMessage {
  return { text: fallbackText(text), blocks: [section(`${ok ? ':white_check_mark:' : ':warning:'} ${text}`)] };
}
