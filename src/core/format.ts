// Plain-text renderings and the JSON shapes of deals and history, shared by every
// front door (chat adapters build richer UIs from the same `data`).

import { numberFormat } from './intl.js';
import type { Deal, Locale, Pipeline, StageEvent } from './model.js';
import { say } from './texts.js';

const DAY_MS = 86_400_000;

export function stageLabel(pipeline: Pipeline, key: string | null): string {
  if (key === null) return '∅';
  return pipeline.find((s) => s.key === key)?.name ?? key;
}

export function daysBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));
}

export function formatAmount(amount: number | null, currency: string, locale: Locale): string {
  if (amount === null) return say(locale, 'notSet');
  const n = numberFormat(locale, { maximumFractionDigits: 2 }).format(amount);
  return `${n} ${currency}`;
}

export interface DealView {
  name: string;
  owner: string;
  stage: string;
  stageName: string;
  stageEnteredAt: string;
  daysInStage: number;
  amount: number | null;
  currency: string;
  closeDate: string | null;
  industry: string | null;
  source: string | null;
  team: string | null;
  competitors: string[];
  noCompetitor: boolean;
  tags: string[];
  contacts: { name: string; title: string | null; role: string; addedAt: string | null }[];
  notes: string | null;
  lostReason: string | null;
  lostNote: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export function dealView(deal: Deal, pipeline: Pipeline, now: Date): DealView {
  return {
    name: deal.name,
    owner: deal.owner,
    stage: deal.stage,
    stageName: stageLabel(pipeline, deal.stage),
    stageEnteredAt: deal.stageEnteredAt.toISOString(),
    daysInStage: daysBetween(deal.stageEnteredAt, now),
    amount: deal.amount,
    currency: deal.currency,
    closeDate: deal.closeDate,
    industry: deal.industry,
    source: deal.source,
    team: deal.team,
    competitors: deal.competitors,
    noCompetitor: deal.noCompetitor,
    tags: deal.tags,
    contacts: deal.contacts.map((c) => ({ name: c.name, title: c.title, role: c.role, addedAt: c.addedAt?.toISOString() ?? null })),
    notes: deal.notes,
    lostReason: deal.lostReason,
    lostNote: deal.lostNote,
    createdAt: deal.createdAt.toISOString(),
    updatedAt: deal.updatedAt.toISOString(),
    version: deal.version,
  };
}

/** The JSON shape of one history event in replies (`data.events`). */
export type EventView = ReturnType<typeof eventView>;

export function eventView(e: StageEvent) {
  return {
    from: e.from,
    to: e.to,
    at: e.at.toISOString(),
    by: e.by,
    overrideReason: e.overrideReason,
    imported: e.imported,
  };
}

export function dealCardText(view: DealView, locale: Locale): string {
  const t = (k: Parameters<typeof say>[1]) => say(locale, k);
  const orDash = (v: string | null) => v ?? t('notSet');
  const competitors = view.noCompetitor ? t('none') : view.competitors.join(', ') || t('notSet');
  const contacts = view.contacts.length
    ? view.contacts.map((c) => `${c.name}${c.title ? `, ${c.title}` : ''} (${c.role})`).join('; ')
    : t('notSet');
  const lines = [
    view.name,
    `  ${t('labelStage')}: ${view.stageName} · ${t('labelDaysInStage')}: ${view.daysInStage}`,
    `  ${t('labelOwner')}: ${view.owner}`,
    `  ${t('labelAmount')}: ${formatAmount(view.amount, view.currency, locale)}`,
    `  ${t('labelClose')}: ${orDash(view.closeDate)}`,
    `  ${t('labelIndustry')}: ${orDash(view.industry)} · ${t('labelSource')}: ${orDash(view.source)} · ${t('labelTeam')}: ${orDash(view.team)}`,
    `  ${t('labelCompetitors')}: ${competitors}`,
    `  ${t('labelContacts')}: ${contacts}`,
  ];
  if (view.tags.length) lines.push(`  ${t('labelTags')}: ${view.tags.join(', ')}`);
  if (view.notes) lines.push(`  ${t('labelNotes')}: ${view.notes}`);
  if (view.lostReason) lines.push(`  ${t('labelLost')}: ${view.lostReason}${view.lostNote ? ` (${view.lostNote})` : ''}`);
  return lines.join('\n');
}

export function historyText(events: StageEvent[], pipeline: Pipeline, locale: Locale): string {
  return events
    .map((e) => {
      const at = e.at.toISOString().slice(0, 16).replace('T', ' ');
      const move = e.from === null ? `${say(locale, 'created')} → ${stageLabel(pipeline, e.to)}` : `${stageLabel(pipeline, e.from)} → ${stageLabel(pipeline, e.to)}`;
      const extra = [
        e.overrideReason ? `${say(locale, 'override')}: ${e.overrideReason}` : '',
        e.imported ? say(locale, 'historyImported') : '',
      ].filter(Boolean);
      return `  ${at}  ${move}  (${say(locale, 'by')} ${e.by})${extra.length ? '  ' + extra.join(' ') : ''}`;
    })
    .join('\n');
}

export function dealListText(views: DealView[], locale: Locale): string {
  return views
    .map((v) => `  ${v.name} · ${v.stageName} · ${formatAmount(v.amount, v.currency, locale)} · ${v.owner}`)
    .join('\n');
}
