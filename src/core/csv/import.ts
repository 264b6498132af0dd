// The CSV import use case: deals (upserted by name, case-insensitively) and optionally
// their stage history, all or nothing.
//
// 1. Read: each file is parsed as it streams in (bounded: rows, row and cell length) and
//    every row is validated to domain values (rows.ts). Any problem → a reply listing
//    every row error with its line; the database is not touched.
// 2. Write: one database transaction (the Transactor port). Stage changes go through
//    changeStage, the one stage-change use case, so gates, reopen rules and overrides
//    apply exactly as in chat (unless --historical: the given history is recorded as
//    it is). Gate failures and other workspace checks become row errors too. When any
//    row failed, or on a dry run, or when a write throws, the transaction is rolled
//    back: nothing of this import stays.
//
// Idempotent: a row equal to the stored deal writes nothing; history events already
// stored are recognised and not added again.

import type { Params } from '../i18n.js';
import type { Locale } from '../model.js';
import { normaliseName } from '../pipeline.js';
import type { Store } from '../ports.js';
import { fail, ok, type ErrorCode, type Reply } from '../reply.js';
import { isManager, localeOf, type Context } from '../usecases/context.js';
import { errorReply } from '../usecases/index.js';
import { readHeader, type Header } from './columns.js';
import { planNewDeal, type BulkWriter, type NewDealRecord } from './create.js';
import { CsvParser, CsvSyntaxError, DEFAULT_CSV_LIMITS, type CsvLimits, type CsvRecord } from './parse.js';
import { Abort, buildUnits, ErrorList, MAX_REPORTED_ERRORS, record, resolveUnit, type Run, type Summary, type Unit } from './plan.js';
import { isBlankRecord, readDealRow, readEventRow, type DealRow, type EventRow, type RowError } from './rows.js';
import { csvSay, type CsvTextKey } from './texts.js';
import { updateExisting } from './update.js';

export { MAX_REPORTED_ERRORS };

/** Byte, cell, row-length and column limits (there is no row limit: files are streamed and written in chunks). */
export type ImportLimits = CsvLimits;

export const DEFAULT_IMPORT_LIMITS: ImportLimits = { ...DEFAULT_CSV_LIMITS };

const MAX_TEXT_ERRORS = 20;
/** Units planned and written together: one existence query and a few INSERT statements each. */
const CHUNK_UNITS = 2000;

/** One file to import: a name for messages and its decoded text, in chunks. */
export interface ImportSource {
  name: string;
  chunks: AsyncIterable<string>;
}

/** Raised by a source's chunks (bytes that are not UTF-8, a file over the size limit). */
export class CsvInputError extends Error {
  constructor(
    readonly code: 'INVALID' | 'TOO_LARGE',
    readonly key: CsvTextKey,
    readonly params: Params = {},
  ) {
    super(key);
    this.name = 'CsvInputError';
  }
}

/** The database transaction an import runs in. */
export interface Transactor {
  /**
   * Runs `body` with a Store bound to one transaction. Commits when the body returns
   * commit: true; rolls back when it returns commit: false or throws.
   */
  transaction<T>(body: (store: Store, bulk: BulkWriter) => Promise<{ commit: boolean; result: T }>): Promise<T>;
}

export interface ImportOptions {
  dryRun?: boolean;
  /** Record the given history and stages as they are: no gates. */
  historical?: boolean;
  limits?: Partial<ImportLimits>;
  /** Unexpected failures (logged by the caller). */
  onError?: (err: unknown) => void;
}


// ---------------------------------------------------------------------------------------
// Reading

type DealsTable = { kind: 'deals'; file: string; rows: DealRow[] };
type HistoryTable = { kind: 'history'; file: string; rows: EventRow[] };
type Table = DealsTable | HistoryTable;

function oneError(code: ErrorCode, locale: Locale, error: RowError): Reply {
  const text = csvSay(locale, 'errorLine', { line: error.line, column: error.column ? `, ${error.column}` : '', message: error.message });
  return fail(code, `${csvSay(locale, 'failed', { count: 1 })}\n  ${error.file ? `${error.file}: ` : ''}${text}`, {
    errors: [error],
    errorCount: 1,
  });
}

class Fatal extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly error: RowError,
  ) {
    super(error.message);
  }
}

const SYNTAX_CODES: Record<CsvSyntaxError['problem'], ErrorCode> = {
  unterminatedQuote: 'INVALID',
  textAfterQuote: 'INVALID',
  fieldTooLong: 'TOO_LARGE',
  recordTooLong: 'TOO_LARGE',
  tooManyFields: 'TOO_LARGE',
};

const SYNTAX_LIMIT: Partial<Record<CsvSyntaxError['problem'], keyof CsvLimits>> = {
  fieldTooLong: 'maxFieldChars',
  recordTooLong: 'maxRecordChars',
  tooManyFields: 'maxFields',
};

async function readSource(source: ImportSource, limits: ImportLimits, locale: Locale, errors: ErrorList): Promise<Table | Reply> {
  const file = source.name;
  const parser = new CsvParser(limits);
  let header: Header | null = null;
  const dealRows: DealRow[] = [];
  const eventRows: EventRow[] = [];

  const handle = (rec: CsvRecord): void => {
    if (header === null) {
      const h = readHeader(rec.fields);
      if ('problem' in h) {
        const { key, ...params } = h.problem;
        throw new Fatal('INVALID', { file, line: rec.line, code: 'INVALID', message: csvSay(locale, key, params) });
      }
      header = h;
      return;
    }
    if (isBlankRecord(rec)) return;
    const read = header.kind === 'deals' ? readDealRow(rec, header, locale) : readEventRow(rec, header, locale);
    for (const e of read.errors) errors.add({ file, ...e });
    if (read.row === null) return;
    if (header.kind === 'deals') dealRows.push(read.row as DealRow);
    else eventRows.push(read.row as EventRow);
  };

  try {
    for await (const chunk of source.chunks) {
      for (const rec of parser.push(chunk)) handle(rec);
    }
    for (const rec of parser.end()) handle(rec);
  } catch (err) {
    if (err instanceof Fatal) return oneError(err.code, locale, err.error);
    if (err instanceof CsvSyntaxError) {
      const limit = SYNTAX_LIMIT[err.problem];
      const message = csvSay(locale, err.problem, limit ? { max: limits[limit] } : {});
      const code = SYNTAX_CODES[err.problem];
      return oneError(code, locale, { file, line: err.line, code, message });
    }
    if (err instanceof CsvInputError) {
      return oneError(err.code, locale, { file, line: parser.currentLine, code: err.code, message: csvSay(locale, err.key, err.params) });
    }
    throw err;
  }
  const h = header as Header | null;
  if (h === null) return oneError('INVALID', locale, { file, line: 1, code: 'INVALID', message: csvSay(locale, 'emptyFile') });
  return h.kind === 'deals' ? { kind: 'deals', file, rows: dealRows } : { kind: 'history', file, rows: eventRows };
}

// ---------------------------------------------------------------------------------------
// The use case

function errorsReply(locale: Locale, errors: ErrorList, dryRun: boolean): Reply {
  const codes = new Set(errors.items.map((e) => e.code));
  const code: ErrorCode = codes.size === 1 ? ([...codes][0] as ErrorCode) : 'INVALID';
  const lines = errors.items.slice(0, MAX_TEXT_ERRORS).map((e) => {
    const text = csvSay(locale, 'errorLine', { line: e.line, column: e.column ? `, ${e.column}` : '', message: e.message });
    return `  ${e.file ? `${e.file}: ` : ''}${text}`;
  });
  const more = errors.count - Math.min(errors.count, MAX_TEXT_ERRORS);
  const text = [csvSay(locale, 'failed', { count: errors.count }), ...lines, ...(more > 0 ? [`  ${csvSay(locale, 'failedMore', { more })}`] : [])];
  return fail(code, text.join('\n'), { errors: errors.items, errorCount: errors.count, dryRun });
}

/**
 * Imports one deals file, one history file, or both (in one transaction). Managers and
 * admins only. Never throws: every outcome is a Reply with a stable code.
 */
export async function importCsv(ctx: Context, sources: readonly ImportSource[], transactor: Transactor, options: ImportOptions = {}): Promise<Reply> {
  const locale = localeOf(ctx);
  try {
    return await importUnsafe(ctx, sources, transactor, options);
  } catch (err) {
    options.onError?.(err);
    return errorReply(err, locale);
  }
}

/** Who may import, and how many files: checked before any file is opened. */
function importRefusal(ctx: Context, files: number): Reply | null {
  const locale = localeOf(ctx);
  if (!isManager(ctx)) return fail('FORBIDDEN', csvSay(locale, 'importForbidden'));
  if (files === 0 || files > 2) return fail('USAGE', csvSay(locale, 'usageImport'));
  return null;
}

/** Opens one named file of an import (the CLI reads it from disk); a reply when it cannot be read. */
export type SourceOpener = (file: string) => Promise<ImportSource | Reply>;

/** `import <deals.csv> [<history.csv>]`: permission and usage first, then the files are opened and imported. */
export async function importFiles(
  ctx: Context,
  files: readonly string[],
  open: SourceOpener,
  transactor: Transactor,
  options: ImportOptions = {},
): Promise<Reply> {
  const refused = importRefusal(ctx, files.length);
  if (refused) return refused;
  const sources: ImportSource[] = [];
  for (const file of files) {
    const source = await open(file);
    if ('ok' in source) return source;
    sources.push(source);
  }
  return importCsv(ctx, sources, transactor, options);
}

async function importUnsafe(ctx: Context, sources: readonly ImportSource[], transactor: Transactor, options: ImportOptions): Promise<Reply> {
  const locale = localeOf(ctx);
  const refused = importRefusal(ctx, sources.length);
  if (refused) return refused;
  const limits: ImportLimits = { ...DEFAULT_IMPORT_LIMITS, ...options.limits };
  const dryRun = options.dryRun ?? false;
  const historical = options.historical ?? false;

  const errors = new ErrorList();
  let deals: DealsTable | undefined;
  let history: HistoryTable | undefined;
  for (const source of sources) {
    const table = await readSource(source, limits, locale, errors);
    if ('ok' in table) return table;
    if ((table.kind === 'deals' && deals) || (table.kind === 'history' && history)) {
      return fail('USAGE', `${csvSay(locale, 'twoOfAKind', { file: table.file, kind: table.kind })}\n${csvSay(locale, 'usageImport')}`);
    }
    if (table.kind === 'deals') deals = table;
    else history = table;
  }
  const units = buildUnits(deals, history, errors, locale);
  if (errors.count > 0) return errorsReply(locale, errors, dryRun);

  const summary: Summary = { created: 0, updated: 0, moved: 0, unchanged: 0, events: 0, changes: [] };
  const files = { ...(deals && { deals: deals.file }), ...(history && { history: history.file }) };
  try {
    await transactor.transaction(async (store, bulk) => {
      const txCtx: Context = { ...ctx, store };
      const pipeline = await store.getPipeline(ctx.workspace.id);
      const first = pipeline.find((s) => s.kind === 'open');
      if (!first) throw new Error('the pipeline has no open stage');
      const run: Run = { ctx: txCtx, store, locale, pipeline, first, historical, errors, summary, files, stages: new Map() };
      for (let i = 0; i < units.length; i += CHUNK_UNITS) {
        await applyChunk(run, bulk, units.slice(i, i + CHUNK_UNITS), dryRun, options);
      }
      return { commit: errors.count === 0 && !dryRun, result: null };
    });
  } catch (err) {
    if (!(err instanceof Abort)) throw err;
    errors.add(err.error);
  }
  if (errors.count > 0) return errorsReply(locale, errors, dryRun);

  const fileList = [deals?.file, history?.file].filter(Boolean).join(' + ');
  const counts = { files: fileList, created: summary.created, updated: summary.updated, moved: summary.moved, unchanged: summary.unchanged, events: summary.events };
  const lines = [csvSay(locale, dryRun ? 'summaryDry' : 'summary', counts)];
  if (historical) lines.push(csvSay(locale, 'historicalNote'));
  return ok(lines.join('\n'), {
    dryRun,
    historical,
    files: [...(deals ? [{ file: deals.file, kind: 'deals', rows: deals.rows.length }] : []), ...(history ? [{ file: history.file, kind: 'history', rows: history.rows.length }] : [])],
    created: summary.created,
    updated: summary.updated,
    moved: summary.moved,
    unchanged: summary.unchanged,
    events: summary.events,
    changes: summary.changes,
  });
}

/**
 * Deals the workspace has go through the per-row path (update.ts); new ones are planned in
 * memory and inserted together. Once any row has failed nothing more is written (the
 * transaction will be rolled back), but every row is still checked; a dry run writes
 * nothing at all.
 */
async function applyChunk(run: Run, bulk: BulkWriter, units: Unit[], dryRun: boolean, options: ImportOptions): Promise<void> {
  const keys = units.map((u) => normaliseName(u.name));
  const existing = await bulk.existingKeys(run.ctx.workspace.id, keys);
  const fresh: { unit: Unit; plan: NewDealRecord }[] = [];
  for (const [i, unit] of units.entries()) {
    try {
      const resolved = resolveUnit(run, unit);
      if (resolved === null) continue;
      if (existing.has(keys[i] as string)) {
        await updateExisting(run, unit, resolved.target, resolved.events);
        continue;
      }
      if (!unit.row) {
        const line = (unit.events[0] as EventRow).line;
        run.errors.add({ file: run.files.history, line, column: 'deal', code: 'DEAL_NOT_FOUND', message: csvSay(run.locale, 'dealNotFound', { name: unit.name }) });
        continue;
      }
      const plan = planNewDeal(run, unit, unit.row, resolved.target, resolved.events);
      if (plan) fresh.push({ unit, plan });
    } catch (err) {
      if (err instanceof Abort) throw err;
      throw new Abort(failureError(err, unit, run.files, run.locale, options));
    }
  }
  if (fresh.length === 0) return;
  if (run.errors.count === 0 && !dryRun) {
    try {
      await bulk.insertDeals(run.ctx.workspace.id, fresh.map((f) => f.plan));
    } catch (err) {
      throw new Abort(failureError(err, (fresh[0] as { unit: Unit }).unit, run.files, run.locale, options));
    }
  }
  for (const { unit, plan } of fresh) record(run, unit, 'created', plan.events.length);
}

/** An unexpected failure while writing a unit: reported on its line with the stable code. */
function failureError(err: unknown, unit: Unit, files: Run['files'], locale: Locale, options: ImportOptions): RowError {
  options.onError?.(err);
  const reply = errorReply(err, locale);
  const line = unit.row?.line ?? unit.events[0]?.line ?? 0;
  const file = unit.row ? files.deals : files.history;
  return { file, line, code: reply.code ?? 'INTERNAL', message: csvSay(locale, 'writeFailed', { line, reason: reply.text }) };
}

