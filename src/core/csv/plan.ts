// What an import plans per deal, shared by the bulk path for new deals (create.ts) and
// the per-row path for deals that exist (update.ts): the units (a deal's row and its
// events), the run's state, the row → deal mapping and the checks that need no database.

import { evaluateGate } from '../gates.js';
import type { Deal, Locale, Pipeline, Stage } from '../model.js';
import { normaliseName, resolveStage } from '../pipeline.js';
import type { Store } from '../ports.js';
import type { Reply } from '../reply.js';
import { missingRequirements } from '../requirements.js';
import type { Context } from '../usecases/context.js';
import type { DealRow, EventRow, RowError } from './rows.js';
import { csvSay } from './texts.js';

/** Errors listed in a reply (all are counted). */
export const MAX_REPORTED_ERRORS = 200;
const MAX_CHANGES_LISTED = 500;

export type Action = 'created' | 'updated' | 'moved' | 'unchanged';

export interface Summary {
  created: number;
  updated: number;
  moved: number;
  unchanged: number;
  events: number;
  changes: { line: number; name: string; action: Action; events: number }[];
}

export class ErrorList {
  readonly items: RowError[] = [];
  count = 0;
  add(e: RowError): void {
    this.count++;
    if (this.items.length < MAX_REPORTED_ERRORS) this.items.push(e);
  }
}

/** Stops the import at once (the transaction cannot go on): reported as this row's error. */
export class Abort extends Error {
  constructor(readonly error: RowError) {
    super(error.message);
  }
}
// ---------------------------------------------------------------------------------------
// Planning: one unit per deal (its row and its events)

export interface Unit {
  name: string;
  line: number;
  row?: DealRow;
  events: EventRow[];
}

export function buildUnits(deals: { file: string; rows: DealRow[] } | undefined, history: { file: string; rows: EventRow[] } | undefined, errors: ErrorList, locale: Locale): Unit[] {
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
  // A deal's events are usually consecutive rows: its key is computed once for them.
  let lastDeal: string | undefined;
  let lastKey = '';
  for (const ev of history?.rows ?? []) {
    const key = ev.deal === lastDeal ? lastKey : normaliseName(ev.deal);
    lastDeal = ev.deal;
    lastKey = key;
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

export interface Planned {
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

export interface Run {
  ctx: Context;
  store: Store;
  locale: Locale;
  pipeline: Pipeline;
  first: Stage;
  historical: boolean;
  errors: ErrorList;
  summary: Summary;
  files: { deals?: string; history?: string };
  /** Stage names as written in the files → their stage (resolving compares every name and alias). */
  stages: Map<string, Stage | undefined>;
}

/** resolveStage, remembered per distinct cell value (a large file repeats a handful of stage names). */
export function stageOf(run: Run, input: string): Stage | undefined {
  if (!run.stages.has(input)) run.stages.set(input, resolveStage(run.pipeline, input));
  return run.stages.get(input);
}

export function asActor(ctx: Context, userId: string, at: Date): Context {
  const time = at.getTime();
  return { ...ctx, actor: { ...ctx.actor, userId }, clock: { now: () => new Date(time) } };
}

export function sameInstant(a: Date | undefined, b: Date | undefined): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null);
}

/** The deal with the row's fields applied (stage and timestamps aside). */
export function applyRow(deal: Deal, row: DealRow | undefined, contactDefault: Date): Deal {
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

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function sameDeal(a: Deal, b: Deal): boolean {
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

export function stageNotFound(run: Run, line: number, column: string, stage: string, file: string | undefined): RowError {
  const list = run.pipeline.map((s) => s.name).join(', ');
  return { file, line, column, code: 'STAGE_NOT_FOUND', message: csvSay(run.locale, 'stageNotFound', { stage, list }) };
}

/** A refused changeStage (gate, permission, ...) as this row's error. */
export function replyError(run: Run, reply: Reply, line: number, column: string, file: string | undefined, name: string, stage: Stage): RowError {
  const code = reply.code ?? 'INTERNAL';
  if (code === 'GATE_BLOCKED') {
    const missing = ((reply.data?.missing as { id: string }[] | undefined) ?? []).map((m) => m.id);
    return gateError(run, line, column, file, name, stage, missing);
  }
  return { file, line, column, code, message: reply.text.split('\n', 1)[0] ?? '' };
}

export function gateError(run: Run, line: number, column: string, file: string | undefined, name: string, stage: Stage, missing: string[]): RowError {
  const message = csvSay(run.locale, 'gateBlocked', { name, stage: stage.name, missing: missing.join(', ') });
  return { file, line, column, code: 'GATE_BLOCKED', message, missing };
}

/** The stages' keys of the unit's events, or their errors. */
export function resolveEvents(run: Run, unit: Unit): Planned[] | null {
  const file = run.files.history;
  const out: Planned[] = [];
  let bad = false;
  for (const ev of unit.events) {
    const to = stageOf(run, ev.to);
    if (!to) {
      run.errors.add(stageNotFound(run, ev.line, 'to', ev.to, file));
      bad = true;
    }
    // An empty "from" is not checked: it is where the deal is (nothing, for its first event).
    let from: string | undefined = ev.from ?? undefined;
    if (typeof ev.from === 'string') {
      const stage = stageOf(run, ev.from);
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
export function checkChain(run: Run, events: Planned[], start: string | null): boolean {
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
export function entryMissing(run: Run, deal: Deal, stage: Stage): string[] {
  const passed = stage.key === run.first.key ? [] : evaluateGate(run.pipeline, { ...deal, stage: run.first.key }, stage, run.locale).gatedStages;
  const ids = [...run.first.requires, ...passed.flatMap((k) => run.pipeline.find((s) => s.key === k)?.requires ?? [])];
  return missingRequirements(deal, ids, run.locale).map((m) => m.id);
}

export function lostFieldsCheck(run: Run, row: DealRow | undefined, final: Stage): boolean {
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

export function record(run: Run, unit: Unit, action: Action, events: number): void {
  run.summary[action]++;
  run.summary.events += events;
  if (action !== 'unchanged' && run.summary.changes.length < MAX_CHANGES_LISTED) {
    run.summary.changes.push({ line: unit.line, name: unit.name, action, events });
  }
}


/** The unit's target stage (from its deals row) and its events with stages resolved; null after adding errors. */
export function resolveUnit(run: Run, unit: Unit): { target: Stage | undefined; events: Planned[] } | null {
  const row = unit.row;
  let target: Stage | undefined;
  if (row?.stage !== undefined) {
    target = stageOf(run, row.stage);
    if (!target) {
      run.errors.add(stageNotFound(run, row.line, 'stage', row.stage, run.files.deals));
      return null;
    }
  }
  const events = resolveEvents(run, unit);
  return events === null ? null : { target, events };
}
