// The one use case through which every stage change goes: chat commands, buttons,
// imports and jobs all call changeStage, so the gate is evaluated on every path.
// The only bypass is a manager's override, which is recorded in the history.

import type { Command } from '../commands.js';
import { dealCardText, dealView, stageLabel } from '../format.js';
import { evaluateGate } from '../gates.js';
import type { Deal, Pipeline, Stage } from '../model.js';
import { resolveStage } from '../pipeline.js';
import { fail, ok, type Reply } from '../reply.js';
import type { Missing } from '../requirements.js';
import { say } from '../texts.js';
import { isManager, localeOf, type Context } from './context.js';
import { addCompetitor, stageNotFound } from './deals.js';
import { editDeal } from './edit.js';

type Of<T extends Command['type']> = Extract<Command, { type: T }>;

export function gateBlocked(ctx: Context, deal: Deal, stage: Stage, missing: Missing[], pipeline: Pipeline): Reply {
  const locale = localeOf(ctx);
  const lines = [
    say(locale, 'gateBlocked', { name: deal.name, stage: stage.name }),
    ...missing.map((m) => `  • ${m.id}: ${m.hint}`),
    say(locale, 'gateOverrideHint'),
  ];
  return fail('GATE_BLOCKED', lines.join('\n'), {
    deal: dealView(deal, pipeline, ctx.clock.now()),
    stage: stage.key,
    missing,
  });
}

interface MoveRequest {
  name: string;
  stage: string | ((pipeline: Pipeline) => Stage | undefined);
  override?: string;
  /** Field changes that belong to the move (a won amount, a loss reason): saved only if the move happens. */
  prepare?: (deal: Deal) => Deal;
  /**
   * A move replayed by the CSV import: the event is marked imported, and a given override
   * reason is kept as recorded (the original move may have needed it even if the gate holds now).
   */
  imported?: boolean;
}

export async function changeStage(ctx: Context, req: MoveRequest): Promise<Reply> {
  const locale = localeOf(ctx);
  if (req.override !== undefined && !isManager(ctx)) return fail('FORBIDDEN', say(locale, 'overrideNeedsManager'));
  return editDeal(ctx, req.name, async (current, pipeline) => {
    const target = typeof req.stage === 'string' ? resolveStage(pipeline, req.stage) : req.stage(pipeline);
    if (!target) return { write: false, reply: stageNotFound(ctx, String(req.stage), pipeline) };
    const deal = req.prepare ? req.prepare(current) : current;
    // A reopen is gated from the furthest stage the deal reached, which only its history knows.
    const closed = pipeline.find((s) => s.key === current.stage)?.kind !== 'open';
    const history = closed ? await ctx.store.history(ctx.workspace.id, current.id) : [];
    const gate = evaluateGate(pipeline, deal, target, locale, history);
    if (gate.kind === 'same') {
      return { write: false, reply: ok(say(locale, 'alreadyThere', { name: deal.name, stage: target.name }), { deal: dealView(current, pipeline, ctx.clock.now()) }) };
    }
    if (gate.kind === 'reopen' && !isManager(ctx)) {
      const stage = stageLabel(pipeline, current.stage);
      return { write: false, reply: fail('FORBIDDEN', say(locale, 'closedNeedsManager', { name: deal.name, stage })) };
    }
    if (gate.missing.length > 0 && req.override === undefined) {
      return { write: false, reply: gateBlocked(ctx, deal, target, gate.missing, pipeline) };
    }
    const now = ctx.clock.now();
    const overrideReason = gate.missing.length > 0 || req.imported ? (req.override ?? null) : null;
    const stillLost = target.kind === 'lost';
    const next: Deal = {
      ...deal,
      stage: target.key,
      stageEnteredAt: now,
      lostReason: stillLost ? deal.lostReason : null,
      lostNote: stillLost ? deal.lostNote : null,
    };
    const event = { from: current.stage, to: target.key, at: now, by: ctx.actor.userId, overrideReason, imported: req.imported ?? false };
    return {
      write: true,
      next,
      event,
      reply: (saved) => {
        const params = { name: saved.name, from: stageLabel(pipeline, current.stage), to: target.name };
        const text = overrideReason
          ? say(locale, 'movedOverride', { ...params, reason: overrideReason })
          : say(locale, 'moved', params);
        const view = dealView(saved, pipeline, now);
        return ok(`${text}\n${dealCardText(view, locale)}`, {
          deal: view,
          event: { from: event.from, to: event.to, at: now.toISOString(), by: event.by, overrideReason },
          skipped: gate.gatedStages.slice(0, -1),
        });
      },
    };
  });
}

export function dealMove(ctx: Context, cmd: Of<'deal.move'>): Promise<Reply> {
  return changeStage(ctx, { name: cmd.name, stage: cmd.stage, override: cmd.override });
}

export function dealWon(ctx: Context, cmd: Of<'deal.won'>): Promise<Reply> {
  return changeStage(ctx, {
    name: cmd.name,
    stage: (p) => p.find((s) => s.kind === 'won'),
    override: cmd.override,
    prepare: (d) => (cmd.amount !== undefined ? { ...d, amount: cmd.amount } : d),
  });
}

export function dealLost(ctx: Context, cmd: Of<'deal.lost'>): Promise<Reply> {
  return changeStage(ctx, {
    name: cmd.name,
    stage: (p) => p.find((s) => s.kind === 'lost'),
    override: cmd.override,
    prepare: (d) => {
      const withCompetitor = cmd.competitor ? addCompetitor(d, cmd.competitor) : d;
      return { ...withCompetitor, lostReason: cmd.reason, lostNote: cmd.note ?? d.lostNote };
    },
  });
}
