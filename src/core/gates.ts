// Stage gates: which requirements a move must satisfy. A forward jump must satisfy the
// gate of every stage it passes; moving back needs none; leaving a closed stage is a
// reopen (manager only, checked by the use case) and is a forward jump from the furthest
// open stage the deal reached before it closed: Lead → Lost → Won needs every gate from
// Opportunity to Won, as Lead → Won would.

import type { Deal, Locale, Pipeline, Stage, StageEvent } from './model.js';
import { missingRequirements, type Missing } from './requirements.js';

export type MoveKind = 'same' | 'forward' | 'back' | 'close' | 'reopen';

export interface GateEvaluation {
  kind: MoveKind;
  /** Stages whose gates applied, in order (the target last). */
  gatedStages: string[];
  missing: Missing[];
}

function rank(pipeline: Pipeline, stage: Stage): number {
  // Closed stages sit after every open one, whatever their position in the array.
  return stage.kind === 'open' ? pipeline.indexOf(stage) : pipeline.length;
}

export function classifyMove(pipeline: Pipeline, from: Stage, to: Stage): MoveKind {
  if (from.key === to.key) return 'same';
  if (from.kind !== 'open') return 'reopen';
  if (to.kind === 'lost') return 'close';
  return rank(pipeline, to) > rank(pipeline, from) ? 'forward' : 'back';
}

/** Open stages strictly after index `start` and before `to`, then `to`: the gates of a jump. */
function jump(pipeline: Pipeline, start: number, to: Stage): Stage[] {
  const passed = pipeline.filter((s, i) => s.kind === 'open' && i > start && rank(pipeline, s) < rank(pipeline, to));
  return [...passed, to];
}

/**
 * The furthest open stage a deal reached, from its history (stages removed since are
 * skipped); undefined when none is left.
 */
export function furthestOpenStage(pipeline: Pipeline, history: readonly Pick<StageEvent, 'to'>[]): Stage | undefined {
  let best: Stage | undefined;
  for (const e of history) {
    const s = pipeline.find((p) => p.key === e.to);
    if (s?.kind === 'open' && (best === undefined || pipeline.indexOf(s) > pipeline.indexOf(best))) best = s;
  }
  return best;
}

/**
 * `history`: the deal's stage events, needed when it is closed (a reopen starts from the
 * furthest open stage it reached; without them, from before the first stage).
 */
export function evaluateGate(pipeline: Pipeline, deal: Deal, to: Stage, locale: Locale, history: readonly Pick<StageEvent, 'to'>[] = []): GateEvaluation {
  const from = pipeline.find((s) => s.key === deal.stage);
  const kind = from ? classifyMove(pipeline, from, to) : 'reopen';
  let gated: Stage[];
  switch (kind) {
    case 'same':
    case 'back':
      gated = [];
      break;
    case 'forward':
      gated = jump(pipeline, pipeline.indexOf(from as Stage), to);
      break;
    case 'close':
      gated = [to];
      break;
    case 'reopen': {
      // Into lost, only the lost gate, as when an open deal is lost.
      const furthest = furthestOpenStage(pipeline, history);
      gated = to.kind === 'lost' ? [to] : jump(pipeline, furthest ? pipeline.indexOf(furthest) : -1, to);
      break;
    }
  }
  const requirements = gated.flatMap((s) => s.requires);
  return { kind, gatedStages: gated.map((s) => s.key), missing: missingRequirements(deal, requirements, locale) };
}
