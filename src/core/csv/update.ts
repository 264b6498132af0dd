// The per-row path for deals the workspace already has: their stage changes go through
// changeStage (gates, reopen rules, overrides as in chat) and their field edits through
// editDeal, inside the import's transaction. New deals take the bulk path (create.ts).

import { ok, type Reply } from '../reply.js';
import type { Deal, Stage } from '../model.js';
import { editDeal } from '../usecases/edit.js';
import { changeStage } from '../usecases/move.js';
import { Abort, applyRow, asActor, checkChain, lostFieldsCheck, record, replyError, sameDeal, type Planned, type Run, type Unit } from './plan.js';
import type { RowError } from './rows.js';
import { csvSay } from './texts.js';

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

/** A unit whose deal the workspace has (the name key was found): updated in place. */
export async function updateExisting(run: Run, unit: Unit, target: Stage | undefined, events: Planned[]): Promise<void> {
  const existing = await run.store.findDeal(run.ctx.workspace.id, unit.name);
  if (!existing) throw new Error(`deal ${unit.name} vanished during the import`);
  return updateUnit(run, unit, existing, target, events);
}
