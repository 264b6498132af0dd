// Deals and stage events → CSV cells, in the column order of columns.ts. The output
// imports back into an empty workspace with nothing lost (see import.ts).

import type { Deal, StageEvent } from '../model.js';
import { DEAL_COLUMNS, HISTORY_COLUMNS } from './columns.js';
import { encodeCompetitors, encodeContacts, encodeTags } from './lists.js';
import { csvRecord } from './write.js';

/** Amounts are stored with two decimals: the shortest decimal that reads back the same number. */
function amountCell(amount: number | null): string {
  return amount === null ? '' : String(amount);
}

export function dealCells(deal: Deal): string[] {
  const cells: Record<(typeof DEAL_COLUMNS)[number], string> = {
    name: deal.name,
    stage: deal.stage,
    owner: deal.owner,
    amount: amountCell(deal.amount),
    currency: deal.currency,
    close_date: deal.closeDate ?? '',
    industry: deal.industry ?? '',
    source: deal.source ?? '',
    team: deal.team ?? '',
    tags: encodeTags(deal.tags),
    contacts: encodeContacts(deal.contacts),
    competitors: encodeCompetitors(deal.competitors, deal.noCompetitor),
    notes: deal.notes ?? '',
    lost_reason: deal.lostReason ?? '',
    lost_note: deal.lostNote ?? '',
    stage_entered_at: deal.stageEnteredAt.toISOString(),
    created_at: deal.createdAt.toISOString(),
  };
  return DEAL_COLUMNS.map((c) => cells[c]);
}

export function eventCells(dealName: string, e: StageEvent): string[] {
  const cells: Record<(typeof HISTORY_COLUMNS)[number], string> = {
    deal: dealName,
    from: e.from ?? '',
    to: e.to,
    at: e.at.toISOString(),
    by: e.by,
    override_reason: e.overrideReason ?? '',
    imported: e.imported ? 'true' : 'false',
  };
  return HISTORY_COLUMNS.map((c) => cells[c]);
}

export const DEALS_HEADER_LINE = csvRecord(DEAL_COLUMNS);
export const HISTORY_HEADER_LINE = csvRecord(HISTORY_COLUMNS);

export function dealLine(deal: Deal): string {
  return csvRecord(dealCells(deal));
}

export function eventLine(dealName: string, e: StageEvent): string {
  return csvRecord(eventCells(dealName, e));
}
