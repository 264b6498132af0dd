// New deals, planned in memory and written in bulk. Every check the chat path makes is
// made here without the database: the first stage's gate and every gate up to where the
// deal starts, then each event judged with core's evaluateGate as changeStage would
// judge it (a reopen from the furthest open stage of the events before it, an override
// reason recorded as an override). The result is the deal's final state and its events,
// which a BulkWriter inserts many at a time, in set-based statements.

import { evaluateGate } from '../gates.js';
import type { Deal, Stage, StageEvent } from '../model.js';
import type { NewDeal } from '../ports.js';
import { newDealDraft } from '../usecases/deals.js';
import type { DealRow } from './rows.js';
import { applyRow, checkChain, entryMissing, gateError, lostFieldsCheck, type Planned, type Run, type Unit } from './plan.js';
import { csvSay } from './texts.js';

/** A new deal as it will be stored: its final state, its creation and update times, its events in order. */
export interface NewDealRecord {
  /** The line reported when writing it fails. */
  line: number;
  deal: NewDeal;
  createdAt: Date;
  updatedAt: Date;
  events: Omit<StageEvent, 'dealId'>[];
}

/** Set-based writes of new deals, inside the import's transaction. */
export interface BulkWriter {
  /** The name keys (normaliseName) among `keys` that the workspace already has. */
  existingKeys(workspaceId: string, keys: readonly string[]): Promise<Set<string>>;
  /** Inserts the deals with their contacts and events (events in the given order). */
  insertDeals(workspaceId: string, deals: readonly NewDealRecord[]): Promise<void>;
}

/** The events a deals row implies when no history is given: created in the first stage, then moved to its stage. */
function impliedEvents(run: Run, row: DealRow, final: Stage): Planned[] {
  const now = run.ctx.clock.now();
  const base = { line: row.line, by: run.ctx.actor.userId, byGiven: false, overrideReason: null, overrideGiven: false };
  if (final.key === run.first.key) return [{ ...base, from: undefined, to: run.first, at: row.stageEnteredAt ?? row.createdAt ?? now }];
  const createdAt = row.createdAt ?? row.stageEnteredAt ?? now;
  const enteredAt = row.stageEnteredAt ?? (createdAt > now ? createdAt : now);
  return [
    { ...base, from: undefined, to: run.first, at: createdAt },
    { ...base, from: run.first.key, to: final, at: enteredAt },
  ];
}

function strip(deal: Deal): NewDeal {
  const { id: _id, createdAt: _c, updatedAt: _u, version: _v, ...fresh } = deal;
  return fresh;
}

/**
 * Plans a deal the workspace does not have: its final state and events, or null when a
 * row fails (the errors are added to the run).
 */
export function planNewDeal(run: Run, unit: Unit, row: DealRow, target: Stage | undefined, events: Planned[]): NewDealRecord | null {
  const { ctx, locale } = run;
  const last = events.at(-1);
  if (last && target && target.key !== last.to.key) {
    run.errors.add({ file: run.files.deals, line: row.line, column: 'stage', code: 'INVALID', message: csvSay(locale, 'historyEndsElsewhere', { name: row.name, to: last.to.name, stage: target.name }) });
    return null;
  }
  const final = target ?? last?.to ?? run.first;
  if (!lostFieldsCheck(run, row, final)) return null;
  if (!checkChain(run, events, null)) return null;

  const plan = events.length > 0 ? events : impliedEvents(run, row, final);
  const start = plan[0] as Planned;
  const createdAt = row.createdAt ?? start.at;
  const column = events.length > 0 ? 'to' : 'stage';
  const file = events.length > 0 ? run.files.history : run.files.deals;
  const draft: Deal = applyRow({ ...newDealDraft(ctx.workspace.id, row.name, ctx.actor.userId, start.to.key, createdAt), stageEnteredAt: start.at }, row, createdAt);
  // The loss fields come with the move into the lost stage (changeStage keeps them only there).
  let deal = start.to.kind === 'lost' || run.historical ? draft : { ...draft, lostReason: null, lostNote: null };
  if (!run.historical) {
    const missing = entryMissing(run, deal, start.to);
    if (missing.length > 0) {
      run.errors.add(gateError(run, start.line, column, file, row.name, start.to, missing));
      return null;
    }
  }
  const stored: Omit<StageEvent, 'dealId'>[] = [
    { from: run.historical ? (start.from ?? null) : null, to: start.to.key, at: start.at, by: start.by, overrideReason: start.overrideReason, imported: true },
  ];
  for (const ev of plan.slice(1)) {
    const next = run.historical ? moveAsGiven(deal, ev) : moveGated(run, applyRow(deal, row, createdAt), ev, stored, { column, file });
    if (next === null) return null;
    stored.push({ from: ev.from !== undefined && run.historical ? ev.from : deal.stage, to: ev.to.key, at: ev.at, by: ev.by, overrideReason: ev.overrideReason, imported: true });
    deal = next;
  }
  return { line: row.line, deal: strip(deal), createdAt, updatedAt: (stored.at(-1) as { at: Date }).at, events: stored };
}

/** --historical: the move as given, fields as the row has them. */
function moveAsGiven(deal: Deal, ev: Planned): Deal {
  return { ...deal, stage: ev.to.key, stageEnteredAt: ev.at };
}

/** The move judged as changeStage judges it (`deal` with the row applied, as changeStage's prepare does); null (and the row's error) when its gates refuse it. */
function moveGated(run: Run, deal: Deal, ev: Planned, before: readonly Pick<StageEvent, 'to'>[], at: { column: string; file: string | undefined }): Deal | null {
  const from = run.pipeline.find((s) => s.key === deal.stage);
  const closed = from?.kind !== 'open';
  const gate = evaluateGate(run.pipeline, deal, ev.to, run.locale, closed ? before : []);
  if (gate.missing.length > 0 && ev.overrideReason === null) {
    run.errors.add(gateError(run, ev.line, at.column, at.file, deal.name, ev.to, gate.missing.map((m) => m.id)));
    return null;
  }
  const stillLost = ev.to.kind === 'lost';
  return { ...deal, stage: ev.to.key, stageEnteredAt: ev.at, lostReason: stillLost ? deal.lostReason : null, lostNote: stillLost ? deal.lostNote : null };
}
