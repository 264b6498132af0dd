// Stage gates: which requirements a move must satisfy. A forward jump must satisfy the
// gate of every stage it passes; moving back needs none; leaving a closed stage is a
// reopen (manager only, checked by the use case) and needs the target's own gate.

import type { Deal, Locale, Pipeline, Stage } from './model.js';
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

export function evaluateGate(pipeline: Pipeline, deal: Deal, to: Stage, locale: Locale): GateEvaluation {
  const from = pipeline.find((s) => s.key === deal.stage);
  const kind = from ? classifyMove(pipeline, from, to) : 'reopen';
  let gated: Stage[];
  switch (kind) {
    case 'same':
    case 'back':
      gated = [];
      break;
    case 'forward': {
      const start = pipeline.indexOf(from as Stage);
      const passed = pipeline.filter((s, i) => s.kind === 'open' && i > start && rank(pipeline, s) < rank(pipeline, to));
      gated = [...passed, to];
      break;
    }
    case 'close':
    case 'reopen':
      gated = [to];
      break;
  }
  const requirements = gated.flatMap((s) => s.requires);
  return { kind, gatedStages: gated.map((s) => s.key), missing: missingRequirements(deal, requirements, locale) };
}
