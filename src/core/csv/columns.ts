// The two CSV formats and their columns. The header row names the columns (in any order,
// any case, with spaces or hyphens for underscores, a few aliases and Chinese names);
// its columns decide the kind of file:
//
//   deals    one row per deal: name and any of the other deal columns
//   history  one row per stage event: deal, to, at and optionally from, by, override_reason, imported
//
// A column missing from the header leaves that field of existing deals as it is; a
// column present with an empty cell clears the field (or, where a value is required,
// keeps it: stage, owner, currency).

import { unguard } from './guard.js';

export const DEAL_COLUMNS = [
  'name',
  'stage',
  'owner',
  'amount',
  'currency',
  'close_date',
  'industry',
  'source',
  'team',
  'tags',
  'contacts',
  'competitors',
  'notes',
  'lost_reason',
  'lost_note',
  'stage_entered_at',
  'created_at',
] as const;
export type DealColumn = (typeof DEAL_COLUMNS)[number];

export const HISTORY_COLUMNS = ['deal', 'from', 'to', 'at', 'by', 'override_reason', 'imported'] as const;
export type HistoryColumn = (typeof HISTORY_COLUMNS)[number];

export const REQUIRED_HISTORY_COLUMNS: readonly HistoryColumn[] = ['deal', 'to', 'at'];

const DEAL_ALIASES: Readonly<Record<string, DealColumn>> = {
  deal: 'name',
  deal_name: 'name',
  名称: 'name',
  商机: 'name',
  商机名称: 'name',
  阶段: 'stage',
  owner_id: 'owner',
  负责人: 'owner',
  value: 'amount',
  金额: 'amount',
  币种: 'currency',
  close: 'close_date',
  expected_close: 'close_date',
  预计成交日期: 'close_date',
  行业: 'industry',
  lead_source: 'source',
  来源: 'source',
  团队: 'team',
  tag: 'tags',
  标签: 'tags',
  contact: 'contacts',
  联系人: 'contacts',
  competitor: 'competitors',
  竞争对手: 'competitors',
  note: 'notes',
  备注: 'notes',
  loss_reason: 'lost_reason',
  输单原因: 'lost_reason',
  loss_note: 'lost_note',
  输单备注: 'lost_note',
  entered_at: 'stage_entered_at',
  created: 'created_at',
};

const HISTORY_ALIASES: Readonly<Record<string, HistoryColumn>> = {
  name: 'deal',
  deal_name: 'deal',
  商机: 'deal',
  from_stage: 'from',
  to_stage: 'to',
  time: 'at',
  user: 'by',
  override: 'override_reason',
};

/** How a header cell is compared: guard stripped, NFKC, trimmed, lower case, spaces and hyphens as "_". */
export function headerKey(cell: string): string {
  return unguard(cell).normalize('NFKC').trim().toLowerCase().replace(/[\s-]+/gu, '_');
}

function resolve<C extends string>(key: string, columns: readonly C[], aliases: Readonly<Record<string, C>>): C | undefined {
  if ((columns as readonly string[]).includes(key)) return key as C;
  return Object.hasOwn(aliases, key) ? aliases[key] : undefined;
}

export type HeaderProblem =
  | { key: 'emptyFile' | 'unknownKind' }
  | { key: 'unknownColumn'; column: string; list: string }
  | { key: 'duplicateColumn'; column: string }
  | { key: 'missingColumn'; column: string };

export type Header =
  | { kind: 'deals'; columns: (DealColumn | null)[] }
  | { kind: 'history'; columns: (HistoryColumn | null)[] };

/** Columns by position (null: an unnamed column, allowed only when its cells are empty). */
export function readHeader(cells: readonly string[]): Header | { problem: HeaderProblem } {
  const keys = cells.map(headerKey);
  if (keys.every((k) => k === '')) return { problem: { key: 'emptyFile' } };
  const isHistory = keys.some((k) => resolve(k, HISTORY_COLUMNS, HISTORY_ALIASES) === 'to');
  if (!isHistory && !keys.some((k) => resolve(k, DEAL_COLUMNS, DEAL_ALIASES) === 'name')) {
    return { problem: { key: 'unknownKind' } };
  }
  const known: readonly string[] = isHistory ? HISTORY_COLUMNS : DEAL_COLUMNS;
  const columns: (string | null)[] = [];
  for (const [i, key] of keys.entries()) {
    if (key === '') {
      columns.push(null);
      continue;
    }
    const col = isHistory ? resolve(key, HISTORY_COLUMNS, HISTORY_ALIASES) : resolve(key, DEAL_COLUMNS, DEAL_ALIASES);
    if (col === undefined) {
      return { problem: { key: 'unknownColumn', column: (cells[i] ?? '').trim(), list: known.join(', ') } };
    }
    if (columns.includes(col)) return { problem: { key: 'duplicateColumn', column: col } };
    columns.push(col);
  }
  if (isHistory) {
    for (const required of REQUIRED_HISTORY_COLUMNS) {
      if (!columns.includes(required)) return { problem: { key: 'missingColumn', column: required } };
    }
    return { kind: 'history', columns: columns as (HistoryColumn | null)[] };
  }
  return { kind: 'deals', columns: columns as (DealColumn | null)[] };
}
