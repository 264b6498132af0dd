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
import { evaluateGate } from '../gates.js';
import type { Deal, Locale, Pipeline, Stage } from '../model.js';
import { normaliseName, resolveStage } from '../pipeline.js';
import type { Store } from '../ports.js';
import { fail, ok, type ErrorCode, type Reply } from '../reply.js';
import { missingRequirements } from '../requirements.js';
import { isManager, localeOf, type Context } from '../usecases/context.js';
import { editDeal } from '../usecases/edit.js';
import { errorReply } from '../usecases/index.js';
import { newDealDraft } from '../usecases/deals.js';
import { changeStage } from '../usecases/move.js';
import { readHeader, type Header } from './columns.js';
import { CsvParser, CsvSyntaxError, DEFAULT_CSV_LIMITS, type CsvLimits, type CsvRecord } from './parse.js';
import { isBlankRecord, readDealRow, readEventRow, type DealRow, type EventRow, type RowError } from './rows.js';
import { csvSay, type CsvTextKey } from './texts.js';

export interface ImportLimits extends CsvLimits {
  /** Most data rows per file. */
  maxRows: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = { ...DEFAULT_CSV_LIMITS, maxRows: 20_000 };

/** Errors listed in a reply (all are counted). */
export const MAX_REPORTED_ERRORS = 200;
const MAX_TEXT_ERRORS = 20;
const MAX_CHANGES_LISTED = 500;

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
  transaction<T>(body: (store: Store) => Promise<{ commit: boolean; result: T }>): Promise<T>;
}

export interface ImportOptions {
  dryRun?: boolean;
  /** Record the given history and stages as they are: no gates. */
  historical?: boolean;
  limits?: Partial<ImportLimits>;
  /** Unexpected failures (logged by the caller). */
  onError?: (err: unknown) => void;
}

type Action = 'created' | 'updated' | 'moved' | 'unchanged';

interface Summary {
  created: number;
  updated: number;
  moved: number;
  unchanged: number;
  events: number;
  changes: { line: number; name: string; action: Action; events: number }[];
}

class ErrorList {
  readonly items: RowError[] = [];
  count = 0;
  add(e: RowError): void {
    this.count++;
    if (this.items.length < MAX_REPORTED_ERRORS) this.items.push(e);
  }
}

/** Stops the import at once (the transaction cannot go on): reported as this row's error. */
class Abort extends Error {
  constructor(readonly error: RowError) {
    super(error.message);
  }
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
  let dataRows = 0;

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
    dataRows++;
    if (dataRows > limits.maxRows) {
      const message = csvSay(locale, 'tooManyRows', { max: limits.maxRows });
      throw new Fatal('TOO_LARGE', { file, line: rec.line, code: 'TOO_LARGE', message });
    }
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
// Planning: one unit per deal (its row and its events)

interface Unit {
  name: string;
  line: number;
  row?: DealRow;
  events: EventRow[];
}

function buildUnits(deals: DealsTable | undefined, history: HistoryTable | undefined, errors: ErrorList, locale: Locale): Unit[] {
  const units = new Map<string, Unit>();
  for (const row of deals?.rows ?? []) {
    const key = normaliseName(row.name);
    const seen = units.get(key);
    if (seen) {
      errors.add({
        file: deals?.file,
        line: row.line,
        column: 'name',
        code: 'DUPLICATE',
        message: csvSay(locale, 'duplicateDeal', { name: row.name, other: seen.line }),
      });
      continue;
    }
    units.set(key, { name: row.name, line: row.line, row, events: [] });
  }
  for (const ev of history?.rows ?? []) {
    const key = normaliseName(ev.deal);
    const unit = units.get(key) ?? { name: ev.deal, line: ev.line, events: [] };
    units.set(key, unit);
    const previous = unit.events.at(-1);
    if (previous && ev.at < previous.at) {
      errors.add({
        file: history?.file,
        line: ev.line,
        column: 'at',
        code: 'INVALID',
        message: csvSay(locale, 'eventsOutOfOrder', { at: ev.at.toISOString(), previous: previous.at.toISOString() }),
      });
    }
    unit.events.push(ev);
  }
  return [...units.values()];
}

// ---------------------------------------------------------------------------------------
// Writing

interface Planned {
  line: number;
  /** undefined: not given (where the deal is at that point). */
  from: string | undefined;
  to: Stage;
  at: Date;
  by: string;
  byGiven: boolean;
  overrideReason: string | null;
  overrideGiven: boolean;
}

interface Run {
  ctx: Context;
  store: Store;
  locale: Locale;
  pipeline: Pipeline;
  first: Stage;
  historical: boolean;
  errors: ErrorList;
  summary: Summary;
  files: { deals?: string; history?: string };
}

function asActor(ctx: Context, userId: string, at: Date): Context {
  const time = at.getTime();
  return { ...ctx, actor: { ...ctx.actor, userId }, clock: { now: () => new Date(time) } };
}

function sameInstant(a: Date | undefined, b: Date | undefined): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null);
}

/** The deal with the row's fields applied (stage and timestamps aside). */
function applyRow(deal: Deal, row: DealRow | undefined, contactDefault: Date): Deal {
  if (!row) return deal;
  const next: Deal = { ...deal, name: row.name };
  if (row.owner !== undefined) next.owner = row.owner;
  if (row.amount !== undefined) next.amount = row.amount;
  if (row.currency !== undefined) next.currency = row.currency;
  if (row.closeDate !== undefined) next.closeDate = row.closeDate;
  if (row.industry !== undefined) next.industry = row.industry;
  if (row.source !== undefined) next.source = row.source;
  if (row.team !== undefined) next.team = row.team;
  if (row.tags !== undefined) next.tags = row.tags;
  if (row.notes !== undefined) next.notes = row.notes;
  if (row.lostReason !== undefined) next.lostReason = row.lostReason;
  if (row.lostNote !== undefined) next.lostNote = row.lostNote;
  if (row.competitors !== undefined) {
    next.competitors = row.competitors.names;
    next.noCompetitor = row.competitors.none;
  }
  if (row.contacts !== undefined) {
    next.contacts = row.contacts.map((c) => {
      const before = deal.contacts.find((b) => normaliseName(b.name) === normaliseName(c.name));
      const kept = before && before.role === c.role ? before.addedAt : undefined;
      return { name: c.name, role: c.role, title: c.title, addedAt: c.addedAt ?? kept ?? contactDefault };
    });
  }
  return next;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameDeal(a: Deal, b: Deal): boolean {
  return (
    a.name === b.name &&
    a.owner === b.owner &&
    a.stage === b.stage &&
    a.amount === b.amount &&
    a.currency === b.currency &&
    a.closeDate === b.closeDate &&
    a.industry === b.industry &&
    a.source === b.source &&
    a.team === b.team &&
    a.noCompetitor === b.noCompetitor &&
    sameList(a.competitors, b.competitors) &&
    sameList(a.tags, b.tags) &&
    a.notes === b.notes &&
    a.lostReason === b.lostReason &&
    a.lostNote === b.lostNote &&
    a.contacts.length === b.contacts.length &&
    a.contacts.every((c, i) => {
      const d = b.contacts[i];
      return d !== undefined && c.name === d.name && c.role === d.role && c.title === d.title && sameInstant(c.addedAt, d.addedAt);
    })
  );
}

function stageNotFound(run: Run, line: number, column: string, stage: string, file: string | undefined): RowError {
  const list = run.pipeline.map((s) => s.name).join(', ');
  return { file, line, column, code: 'STAGE_NOT_FOUND', message: csvSay(run.locale, 'stageNotFound', { stage, list }) };
}

/** A refused changeStage (gate, permission, ...) as this row's error. */
function replyError(run: Run, reply: Reply, line: number, column: string, file: string | undefined, name: string, stage: Stage): RowError {
  const code = reply.code ?? 'INTERNAL';
  if (code === 'GATE_BLOCKED') {
    const missing = ((reply.data?.missing as { id: string }[] | undefined) ?? []).map((m) => m.id);
    return gateError(run, line, column, file, name, stage, missing);
  }
  return { file, line, column, code, message: reply.text.split('\n', 1)[0] ?? '' };
}

function gateError(run: Run, line: number, column: string, file: string | undefined, name: string, stage: Stage, missing: string[]): RowError {
  const message = csvSay(run.locale, 'gateBlocked', { name, stage: stage.name, missing: missing.join(', ') });
  return { file, line, column, code: 'GATE_BLOCKED', message, missing };
}

/** The stages' keys of the unit's events, or their errors. */
function resolveEvents(run: Run, unit: Unit): Planned[] | null {
  const file = run.files.history;
  const out: Planned[] = [];
  let bad = false;
  for (const ev of unit.events) {
    const to = resolveStage(run.pipeline, ev.to);
    if (!to) {
      run.errors.add(stageNotFound(run, ev.line, 'to', ev.to, file));
      bad = true;
    }
    // An empty "from" is not checked: it is where the deal is (nothing, for its first event).
    let from: string | undefined = ev.from ?? undefined;
    if (typeof ev.from === 'string') {
      const stage = resolveStage(run.pipeline, ev.from);
      if (!stage) {
        run.errors.add(stageNotFound(run, ev.line, 'from', ev.from, file));
        bad = true;
      } else {
        from = stage.key;
      }
    }
    if (to) {
      out.push({
        line: ev.line,
        from,
        to,
        at: ev.at,
        by: ev.by ?? run.ctx.actor.userId,
        byGiven: ev.by !== undefined,
        overrideReason: ev.overrideReason ?? null,
        overrideGiven: ev.overrideReason !== undefined,
      });
    }
  }
  return bad ? null : out;
}

/**
 * Without --historical an event's "from" must be where the deal is at that point (the
 * first event of a new deal starts from nothing), and it must move somewhere else.
 */
function checkChain(run: Run, events: Planned[], start: string | null): boolean {
  if (run.historical) return true;
  let current = start;
  for (const ev of events) {
    const file = run.files.history;
    if (current === null && typeof ev.from === 'string') {
      run.errors.add({ file, line: ev.line, column: 'from', code: 'INVALID', message: csvSay(run.locale, 'firstEventFrom') });
      return false;
    }
    if (current !== null && ev.from !== undefined && ev.from !== current) {
      const label = (k: string) => run.pipeline.find((s) => s.key === k)?.name ?? k;
      run.errors.add({ file, line: ev.line, column: 'from', code: 'INVALID', message: csvSay(run.locale, 'fromMismatch', { from: label(ev.from), current: label(current) }) });
      return false;
    }
    if (ev.to.key === current) {
      run.errors.add({ file, line: ev.line, column: 'to', code: 'INVALID', message: csvSay(run.locale, 'sameStage', { stage: ev.to.name }) });
      return false;
    }
    current = ev.to.key;
  }
  return true;
}

/** Requirements for a deal to appear in `stage`: the first stage's gate and every gate up to `stage`. */
function entryMissing(run: Run, deal: Deal, stage: Stage): string[] {
  const passed = stage.key === run.first.key ? [] : evaluateGate(run.pipeline, { ...deal, stage: run.first.key }, stage, run.locale).gatedStages;
  const ids = [...run.first.requires, ...passed.flatMap((k) => run.pipeline.find((s) => s.key === k)?.requires ?? [])];
  return missingRequirements(deal, ids, run.locale).map((m) => m.id);
}

/** Records `ev` on the deal: through changeStage (gates), or as given with --historical. */
async function recordMove(run: Run, unit: Unit, current: Deal, ev: Planned, contactDefault: Date): Promise<Deal | RowError> {
  const column = run.files.history && unit.events.length > 0 ? 'to' : 'stage';
  const file = column === 'to' ? run.files.history : run.files.deals;
  if (run.historical) {
    const next: Deal = { ...applyRow(current, unit.row, contactDefault), stage: ev.to.key, stageEnteredAt: ev.at };
    const event = {
      from: ev.from ?? current.stage,
      to: ev.to.key,
      at: ev.at,
      by: ev.by,
      overrideReason: ev.overrideReason,
      imported: true,
    };
    const saved = await run.store.saveDeal(next, event, ev.at);
    if (saved === 'conflict') {
      throw new Abort({ file, line: ev.line, column, code: 'CONFLICT', message: csvSay(run.locale, 'changedMeanwhile', { name: current.name }) });
    }
    return saved;
  }
  const reply = await changeStage(asActor(run.ctx, ev.by, ev.at), {
    name: current.name,
    stage: (p) => p.find((s) => s.key === ev.to.key),
    ...(ev.overrideReason !== null && { override: ev.overrideReason }),
    prepare: (d) => applyRow(d, unit.row, contactDefault),
    imported: true,
  });
  if (!reply.ok) return replyError(run, reply, ev.line, column, file, current.name, ev.to);
  // changeStage re-reads the deal for every move; only its name and stage are needed here.
  return { ...current, stage: ev.to.key, stageEnteredAt: ev.at };
}

function lostFieldsCheck(run: Run, row: DealRow | undefined, final: Stage): boolean {
  if (!row || final.kind === 'lost') return true;
  if (row.lostReason || row.lostNote) {
    run.errors.add({
      file: run.files.deals,
      line: row.line,
      column: row.lostReason ? 'lost_reason' : 'lost_note',
      code: 'INVALID',
      message: csvSay(run.locale, 'lostFieldsNotLost', { stage: final.name }),
    });
    return false;
  }
  return true;
}

function record(run: Run, unit: Unit, action: Action, events: number): void {
  run.summary[action]++;
  run.summary.events += events;
  if (action !== 'unchanged' && run.summary.changes.length < MAX_CHANGES_LISTED) {
    run.summary.changes.push({ line: unit.line, name: unit.name, action, events });
  }
}

async function createUnit(run: Run, unit: Unit, row: DealRow, target: Stage | undefined, events: Planned[]): Promise<void> {
  const { ctx, locale } = run;
  const file = run.files.deals;
  const last = events.at(-1);
  if (last && target && target.key !== last.to.key) {
    run.errors.add({ file, line: row.line, column: 'stage', code: 'INVALID', message: csvSay(locale, 'historyEndsElsewhere', { name: row.name, to: last.to.name, stage: target.name }) });
    return;
  }
  const final = target ?? last?.to ?? run.first;
  if (!lostFieldsCheck(run, row, final)) return;
  if (!checkChain(run, events, null)) return;

  const now = ctx.clock.now();
  let plan: Planned[];
  if (events.length > 0) {
    plan = events;
  } else {
    const base = { line: row.line, by: ctx.actor.userId, byGiven: false, overrideReason: null, overrideGiven: false };
    if (final.key === run.first.key) {
      plan = [{ ...base, from: undefined, to: run.first, at: row.stageEnteredAt ?? row.createdAt ?? now }];
    } else {
      const createdAt = row.createdAt ?? row.stageEnteredAt ?? now;
      const enteredAt = row.stageEnteredAt ?? (createdAt > now ? createdAt : now);
      plan = [
        { ...base, from: undefined, to: run.first, at: createdAt },
        { ...base, from: run.first.key, to: final, at: enteredAt },
      ];
    }
  }
  const start = plan[0] as Planned;
  const createdAt = row.createdAt ?? start.at;
  const draft: Deal = applyRow(
    { ...newDealDraft(ctx.workspace.id, row.name, ctx.actor.userId, start.to.key, createdAt), stageEnteredAt: start.at },
    row,
    createdAt,
  );
  // The loss fields come with the move into the lost stage (changeStage keeps them only there).
  const deal = start.to.kind === 'lost' || run.historical ? draft : { ...draft, lostReason: null, lostNote: null };

  if (!run.historical) {
    const missing = entryMissing(run, deal, start.to);
    if (missing.length > 0) {
      const column = events.length > 0 ? 'to' : 'stage';
      run.errors.add(gateError(run, start.line, column, events.length > 0 ? run.files.history : file, row.name, start.to, missing));
      return;
    }
  }
  const { id: _id, createdAt: _c, updatedAt: _u, version: _v, ...fresh } = deal;
  const firstEvent = {
    from: run.historical ? (start.from ?? null) : null,
    to: start.to.key,
    at: start.at,
    by: start.by,
    overrideReason: start.overrideReason,
    imported: true,
  };
  const created = await run.store.createDeal(fresh, firstEvent, createdAt);
  if (created === 'duplicate') {
    throw new Abort({ file, line: row.line, column: 'name', code: 'DUPLICATE', message: csvSay(locale, 'createdMeanwhile', { name: row.name }) });
  }
  let current = created;
  for (const ev of plan.slice(1)) {
    const moved = await recordMove(run, unit, current, ev, createdAt);
    if (!('id' in moved)) {
      run.errors.add(moved);
      return;
    }
    current = moved;
  }
  record(run, unit, 'created', plan.length);
}

function sameEvent(stored: { from: string | null; to: string; at: Date; by: string; overrideReason: string | null }, ev: Planned): boolean {
  return (
    stored.to === ev.to.key &&
    stored.at.getTime() === ev.at.getTime() &&
    (ev.from === undefined || stored.from === ev.from) &&
    (!ev.byGiven || stored.by === ev.by) &&
    (!ev.overrideGiven || stored.overrideReason === ev.overrideReason)
  );
}

async function updateUnit(run: Run, unit: Unit, existing: Deal, target: Stage | undefined, events: Planned[]): Promise<void> {
  const { ctx, locale } = run;
  const row = unit.row;
  const hfile = run.files.history;
  const now = ctx.clock.now();
  let fresh: Planned[] = [];
  if (events.length > 0) {
    const stored = await run.store.history(ctx.workspace.id, existing.id);
    for (const [i, ev] of events.entries()) {
      const s = stored[i];
      if (s === undefined) break;
      if (!sameEvent(s, ev)) {
        const shown = `${s.from ?? '∅'} → ${s.to} ${s.at.toISOString()} ${s.by}${s.overrideReason ? ` (${s.overrideReason})` : ''}`;
        run.errors.add({ file: hfile, line: ev.line, code: 'INVALID', message: csvSay(locale, 'historyDiffers', { name: existing.name, index: i + 1, stored: shown }) });
        return;
      }
    }
    if (events.length < stored.length) {
      const line = (events.at(-1) as Planned).line;
      run.errors.add({ file: hfile, line, code: 'INVALID', message: csvSay(locale, 'historyShorter', { name: existing.name, file: events.length, stored: stored.length }) });
      return;
    }
    fresh = events.slice(stored.length);
    const lastStored = stored.at(-1);
    const firstFresh = fresh[0];
    if (lastStored && firstFresh && firstFresh.at < lastStored.at) {
      run.errors.add({ file: hfile, line: firstFresh.line, column: 'at', code: 'INVALID', message: csvSay(locale, 'eventsOutOfOrder', { at: firstFresh.at.toISOString(), previous: lastStored.at.toISOString() }) });
      return;
    }
    if (!checkChain(run, fresh, existing.stage)) return;
  } else if (row && target && target.key !== existing.stage) {
    // A deals row that names another stage: one move, now or at stage_entered_at.
    const at = row.stageEnteredAt ?? now;
    if (at < existing.stageEnteredAt) {
      run.errors.add({ file: run.files.deals, line: row.line, column: 'stage_entered_at', code: 'INVALID', message: csvSay(locale, 'movedBackInTime', { at: at.toISOString(), current: existing.stageEnteredAt.toISOString() }) });
      return;
    }
    fresh = [{ line: row.line, from: existing.stage, to: target, at, by: ctx.actor.userId, byGiven: false, overrideReason: null, overrideGiven: false }];
  }

  const finalKey = fresh.at(-1)?.to.key ?? existing.stage;
  if (row && target && target.key !== finalKey) {
    const to = run.pipeline.find((s) => s.key === finalKey)?.name ?? finalKey;
    run.errors.add({ file: run.files.deals, line: row.line, column: 'stage', code: 'INVALID', message: csvSay(locale, 'historyEndsElsewhere', { name: existing.name, to, stage: target.name }) });
    return;
  }
  const final = run.pipeline.find((s) => s.key === finalKey);
  if (final && !lostFieldsCheck(run, row, final)) return;

  if (fresh.length > 0) {
    let current = existing;
    for (const ev of fresh) {
      const moved = await recordMove(run, unit, current, ev, now);
      if (!('id' in moved)) {
        run.errors.add(moved);
        return;
      }
      current = moved;
    }
    record(run, unit, 'moved', fresh.length);
    return;
  }
  if (!row || sameDeal(applyRow(existing, row, now), existing)) {
    record(run, unit, 'unchanged', 0);
    return;
  }
  const reply = await editDeal(ctx, existing.name, (d) => ({ write: true, next: applyRow(d, row, now), reply: () => ok('') }));
  if (!reply.ok) {
    run.errors.add({ file: run.files.deals, line: row.line, code: reply.code ?? 'INTERNAL', message: reply.text.split('\n', 1)[0] ?? '' });
    return;
  }
  record(run, unit, 'updated', 0);
}

async function applyUnit(run: Run, unit: Unit): Promise<void> {
  const row = unit.row;
  let target: Stage | undefined;
  if (row?.stage !== undefined) {
    target = resolveStage(run.pipeline, row.stage);
    if (!target) {
      run.errors.add(stageNotFound(run, row.line, 'stage', row.stage, run.files.deals));
      return;
    }
  }
  const events = resolveEvents(run, unit);
  if (events === null) return;
  const existing = await run.store.findDeal(run.ctx.workspace.id, unit.name);
  if (existing) return updateUnit(run, unit, existing, target, events);
  if (!row) {
    const first = unit.events[0] as EventRow;
    run.errors.add({ file: run.files.history, line: first.line, column: 'deal', code: 'DEAL_NOT_FOUND', message: csvSay(run.locale, 'dealNotFound', { name: unit.name }) });
    return;
  }
  return createUnit(run, unit, row, target, events);
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
    await transactor.transaction(async (store) => {
      const txCtx: Context = { ...ctx, store };
      const pipeline = await store.getPipeline(ctx.workspace.id);
      const first = pipeline.find((s) => s.kind === 'open');
      if (!first) throw new Error('the pipeline has no open stage');
      const run: Run = { ctx: txCtx, store, locale, pipeline, first, historical, errors, summary, files };
      for (const unit of units) {
        try {
          await applyUnit(run, unit);
        } catch (err) {
          if (err instanceof Abort) throw err;
          throw new Abort(failureError(err, unit, files, locale, options));
        }
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

/** An unexpected failure while writing a unit: reported on its line with the stable code. */
function failureError(err: unknown, unit: Unit, files: Run['files'], locale: Locale, options: ImportOptions): RowError {
  options.onError?.(err);
  const reply = errorReply(err, locale);
  const line = unit.row?.line ?? unit.events[0]?.line ?? 0;
  const file = unit.row ? files.deals : files.history;
  return { file, line, code: reply.code ?? 'INTERNAL', message: csvSay(locale, 'writeFailed', { line, reason: reply.text }) };
}
