// CSV rows → validated domain values. Every cell is checked with the same value rules
// as the chat commands (amounts, currencies, dates, contact roles, loss reasons, length
// limits); every problem becomes a RowError with its line, column, code and message.
// Nothing here touches the database: checks that need the workspace (stages, gates,
// existing deals) happen in import.ts.

import type { ContactRole, Locale, LostReason } from '../model.js';
import { renderUsage, UsageError } from '../parser/errors.js';
import { amount, badCharacter, contactRole, currency, date, isVisible, lostReason, NAME_MAX, NOTES_MAX, TEXT_MAX, YEAR_MAX, YEAR_MIN } from '../parser/values.js';
import type { ErrorCode } from '../reply.js';
import type { DealColumn, Header, HistoryColumn } from './columns.js';
import { unguard } from './guard.js';
import { contactParts, decodeCompetitors, decodeTags, type CompetitorCell, type ContactCell } from './lists.js';
import type { CsvRecord } from './parse.js';
import { csvSay, type CsvTextKey } from './texts.js';
import type { Params } from '../i18n.js';

export interface RowError {
  /** The file, when the import reads two. */
  file?: string;
  line: number;
  column?: string;
  code: ErrorCode;
  message: string;
  /** GATE_BLOCKED: the requirement ids that are not met. */
  missing?: string[];
}

/** A validated deals row. `undefined`: the column is absent (or a required value is empty): keep. */
export interface DealRow {
  line: number;
  name: string;
  stage?: string;
  owner?: string;
  amount?: number | null;
  currency?: string;
  closeDate?: string | null;
  industry?: string | null;
  source?: string | null;
  team?: string | null;
  tags?: string[];
  contacts?: ContactCell[];
  competitors?: CompetitorCell;
  notes?: string | null;
  lostReason?: LostReason | null;
  lostNote?: string | null;
  stageEnteredAt?: Date;
  createdAt?: Date;
}

/** A validated history row (one stage event). */
export interface EventRow {
  line: number;
  deal: string;
  /** null: empty (the deal's first event); undefined: no "from" column. */
  from?: string | null;
  to: string;
  at: Date;
  /** undefined: no "by" column or an empty cell (the importing user). */
  by?: string;
  overrideReason?: string | null;
}

/** Free-text columns, where tab and line breaks are kept (a contact's title may hold them too). */
const MULTILINE_COLUMNS: ReadonlySet<string> = new Set(['notes', 'lost_note', 'override_reason', 'contacts']);

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** ISO 8601 date-times (UTC unless an offset is given) and plain dates (midnight UTC); null if invalid. */
export function parseTimestamp(raw: string): Date | null {
  const m = TIMESTAMP.exec(raw.normalize('NFKC').trim());
  if (m === null) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [h, mi, s] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  if (y < YEAR_MIN || y > YEAR_MAX || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return null;
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || '0');
    if (oh > 14 || om > 59) return null;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMinutes * 60_000;
  return Number.isFinite(t) ? new Date(t) : null;
}

/** The message of a chat value error (the usage line of the chat command left out). */
function usageMessage(locale: Locale, err: UsageError): string {
  const lines = renderUsage(locale, err).text.split('\n');
  return (err.suggestions.length > 0 ? lines.slice(0, 2) : lines.slice(0, 1)).join(' ');
}

const NO_VALUE = Symbol('invalid');

/** Reads the cells of one row, collecting every problem instead of stopping at the first. */
class RowReader<C extends string> {
  readonly errors: RowError[] = [];

  constructor(
    readonly line: number,
    private readonly cells: ReadonlyMap<C, string>,
    private readonly locale: Locale,
  ) {}

  has(column: C): boolean {
    return this.cells.has(column);
  }

  problem(column: C | undefined, key: CsvTextKey, params: Params = {}, code: ErrorCode = 'INVALID'): typeof NO_VALUE {
    const message = csvSay(this.locale, key, params);
    this.errors.push(column === undefined ? { line: this.line, code, message } : { line: this.line, column, code, message });
    return NO_VALUE;
  }

  /** The trimmed cell; undefined when the column is absent. */
  raw(column: C): string | undefined {
    return this.cells.get(column)?.trim();
  }

  /** Runs a chat value parser; its UsageError becomes this row's error. */
  parse<T>(column: C, fn: () => T): T | typeof NO_VALUE {
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      this.errors.push({ line: this.line, column, code: 'INVALID', message: usageMessage(this.locale, err) });
      return NO_VALUE;
    }
  }

  /** Text of at most `max` code points; '' → null. */
  text(column: C, max: number, value = this.raw(column)): string | null | undefined | typeof NO_VALUE {
    if (value === undefined) return undefined;
    if (value === '') return null;
    if (codePoints(value) > max) return this.problem(column, 'tooLong', { column, max });
    return value;
  }

  requiredText(column: C, max: number): string | typeof NO_VALUE {
    const v = this.text(column, max);
    if (v === NO_VALUE) return v;
    if (v === null || v === undefined) return this.problem(column, 'required', { column });
    return v;
  }

  /** A required name: text that shows at least one character. */
  name(column: C): string | typeof NO_VALUE {
    const v = this.requiredText(column, NAME_MAX);
    if (v !== NO_VALUE && !isVisible(v)) return this.problem(column, 'invisibleName', { column });
    return v;
  }

  timestamp(column: C): Date | undefined | typeof NO_VALUE {
    const value = this.raw(column);
    if (value === undefined || value === '') return undefined;
    return parseTimestamp(value) ?? this.problem(column, 'badTimestamp', { value });
  }
}

function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | typeof NO_VALUE | undefined): void {
  if (value !== undefined && value !== NO_VALUE) target[key] = value as T[K];
}

/** The row's cells by column, guard prefixes stripped; or the row's structural errors. */
function cellsOf<C extends string>(
  record: CsvRecord,
  columns: readonly (C | null)[],
  locale: Locale,
): { cells: Map<C, string>; errors: RowError[] } {
  const errors: RowError[] = [];
  const cells = new Map<C, string>();
  const { fields, line } = record;
  const extraFilled = fields.slice(columns.length).some((f) => f.trim() !== '');
  if (fields.length < columns.length || extraFilled) {
    errors.push({ line, code: 'INVALID', message: csvSay(locale, 'cellCount', { found: fields.length, expected: columns.length }) });
    return { cells, errors };
  }
  for (const [i, column] of columns.entries()) {
    const value = unguard(fields[i] ?? '');
    if (column === null) {
      if (value.trim() !== '') errors.push({ line, code: 'INVALID', message: csvSay(locale, 'unnamedColumn') });
      continue;
    }
    const bad = badCharacter(value, MULTILINE_COLUMNS.has(column));
    if (bad !== null) {
      errors.push({ line, column, code: 'INVALID', message: csvSay(locale, 'badCharacters', { ...bad }) });
      continue;
    }
    cells.set(column, value);
  }
  return { cells, errors };
}

/** True when every cell of the record is blank (spreadsheets export such rows). */
export function isBlankRecord(record: CsvRecord): boolean {
  return record.fields.every((f) => f.trim() === '');
}

export function readDealRow(
  record: CsvRecord,
  header: Extract<Header, { kind: 'deals' }>,
  locale: Locale,
): { row: DealRow | null; errors: RowError[] } {
  const { cells, errors } = cellsOf<DealColumn>(record, header.columns, locale);
  if (errors.length > 0) return { row: null, errors };
  const r = new RowReader<DealColumn>(record.line, cells, locale);
  const c = 'deal set';

  const name = r.name('name');
  const row: DealRow = { line: record.line, name: name === NO_VALUE ? '' : name };

  const stage = r.text('stage', NAME_MAX);
  if (stage !== null) assign(row, 'stage', stage);
  const owner = r.text('owner', TEXT_MAX);
  if (owner !== null) assign(row, 'owner', owner);

  const amountRaw = r.raw('amount');
  if (amountRaw !== undefined) assign(row, 'amount', amountRaw === '' ? null : r.parse('amount', () => amount(amountRaw, 'nonNegative', c)));
  const currencyRaw = r.raw('currency');
  if (currencyRaw) assign(row, 'currency', r.parse('currency', () => currency(currencyRaw, c)));
  const closeRaw = r.raw('close_date');
  if (closeRaw !== undefined) assign(row, 'closeDate', closeRaw === '' ? null : r.parse('close_date', () => date(closeRaw, c)));

  assign(row, 'industry', r.text('industry', TEXT_MAX));
  assign(row, 'source', r.text('source', TEXT_MAX));
  assign(row, 'team', r.text('team', TEXT_MAX));
  assign(row, 'notes', r.text('notes', NOTES_MAX));

  const tagsRaw = r.raw('tags');
  if (tagsRaw !== undefined) {
    const tags = decodeTags(tagsRaw);
    const long = tags.find((t) => codePoints(t) > TEXT_MAX);
    if (long !== undefined) r.problem('tags', 'tooLong', { column: 'tags', max: TEXT_MAX });
    else if (!tags.every(isVisible)) r.problem('tags', 'invisibleName', { column: 'tags' });
    else row.tags = tags;
  }

  const contactsRaw = r.raw('contacts');
  if (contactsRaw !== undefined) assign(row, 'contacts', readContacts(r, contactsRaw));

  const competitorsRaw = r.raw('competitors');
  if (competitorsRaw !== undefined) {
    const decoded = decodeCompetitors(competitorsRaw);
    if (decoded === 'noneMixed') {
      r.problem('competitors', 'noneMixed');
    } else if (decoded.names.some((n) => codePoints(n) > NAME_MAX)) {
      r.problem('competitors', 'tooLong', { column: 'competitors', max: NAME_MAX });
    } else if (!decoded.names.every(isVisible)) {
      r.problem('competitors', 'invisibleName', { column: 'competitors' });
    } else {
      row.competitors = decoded;
    }
  }

  const reasonRaw = r.raw('lost_reason');
  if (reasonRaw !== undefined) assign(row, 'lostReason', reasonRaw === '' ? null : r.parse('lost_reason', () => lostReason(reasonRaw, c)));
  assign(row, 'lostNote', r.text('lost_note', NOTES_MAX));
  if (row.lostNote && row.lostReason === null) r.problem('lost_note', 'lostNoteWithoutReason');

  assign(row, 'stageEnteredAt', r.timestamp('stage_entered_at'));
  assign(row, 'createdAt', r.timestamp('created_at'));
  if (row.createdAt && row.stageEnteredAt && row.createdAt > row.stageEnteredAt) {
    r.problem('created_at', 'createdAfterEntered', { created: row.createdAt.toISOString(), entered: row.stageEnteredAt.toISOString() });
  }

  return r.errors.length > 0 ? { row: null, errors: r.errors } : { row, errors: [] };
}

function readContacts(r: RowReader<DealColumn>, cell: string): ContactCell[] | typeof NO_VALUE {
  const out: ContactCell[] = [];
  const seen = new Set<string>();
  let bad = false;
  for (const parts of contactParts(cell)) {
    const shown = parts.join('|');
    const [name = '', roleRaw = '', title = '', added = '', ...rest] = parts;
    if (name === '' || roleRaw === '' || rest.length > 0) {
      r.problem('contacts', 'badContact', { value: shown });
      bad = true;
      continue;
    }
    const nameBad = badCharacter(name, false);
    if (nameBad !== null || !isVisible(name)) {
      r.problem('contacts', nameBad === null ? 'invisibleName' : 'badCharacters', nameBad === null ? { column: 'contacts' } : { ...nameBad });
      bad = true;
      continue;
    }
    if (codePoints(name) > NAME_MAX || codePoints(title) > TEXT_MAX) {
      r.problem('contacts', 'tooLong', { column: 'contacts', max: codePoints(name) > NAME_MAX ? NAME_MAX : TEXT_MAX });
      bad = true;
      continue;
    }
    const role = r.parse('contacts', () => contactRole(roleRaw, 'deal contact'));
    let addedAt: Date | null = null;
    if (added !== '') {
      addedAt = parseTimestamp(added);
      if (addedAt === null) {
        r.problem('contacts', 'badTimestamp', { value: added });
        bad = true;
        continue;
      }
    }
    if (role === NO_VALUE) {
      bad = true;
      continue;
    }
    const key = name.normalize('NFKC').toLocaleLowerCase('en-US');
    if (seen.has(key)) {
      r.problem('contacts', 'duplicateContact', { person: name });
      bad = true;
      continue;
    }
    seen.add(key);
    out.push({ name, role: role as ContactRole, title: title === '' ? null : title, addedAt });
  }
  return bad ? NO_VALUE : out;
}

const TRUE_WORDS = ['true', 'yes', '1', 'y', '是'];
const FALSE_WORDS = ['false', 'no', '0', 'n', '否', ''];

export function readEventRow(
  record: CsvRecord,
  header: Extract<Header, { kind: 'history' }>,
  locale: Locale,
): { row: EventRow | null; errors: RowError[] } {
  const { cells, errors } = cellsOf<HistoryColumn>(record, header.columns, locale);
  if (errors.length > 0) return { row: null, errors };
  const r = new RowReader<HistoryColumn>(record.line, cells, locale);

  const deal = r.name('deal');
  const to = r.requiredText('to', NAME_MAX);
  const atRaw = r.raw('at') ?? '';
  const at = atRaw === '' ? r.problem('at', 'required', { column: 'at' }) : (parseTimestamp(atRaw) ?? r.problem('at', 'badTimestamp', { value: atRaw }));
  const row: EventRow = {
    line: record.line,
    deal: deal === NO_VALUE ? '' : deal,
    to: to === NO_VALUE ? '' : to,
    at: at === NO_VALUE ? new Date(0) : at,
  };
  if (r.has('from')) assign(row, 'from', r.text('from', NAME_MAX));
  const by = r.text('by', TEXT_MAX);
  if (by !== null) assign(row, 'by', by);
  if (r.has('override_reason')) assign(row, 'overrideReason', r.text('override_reason', NOTES_MAX));
  const imported = r.raw('imported');
  if (imported !== undefined) {
    const word = imported.toLowerCase();
    if (!TRUE_WORDS.includes(word) && !FALSE_WORDS.includes(word)) r.problem('imported', 'badBoolean', { value: imported });
  }
  return r.errors.length > 0 ? { row: null, errors: r.errors } : { row, errors: [] };
}
