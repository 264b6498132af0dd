// Refusals more than one use case gives, in one place (deals, moves, stages, analytics).

import { dealView } from '../format.js';
import type { Deal, Pipeline, Stage } from '../model.js';
import { stageNames } from '../pipeline.js';
import { fail, type Reply } from '../reply.js';
import type { Missing } from '../requirements.js';
import { say } from '../texts.js';
import { localeOf, type Context } from './context.js';

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

export function stageNotFound(ctx: Context, input: string, pipeline: Pipeline): Reply {
  const list = pipeline.map((s) => s.name).join(', ');
  return fail('STAGE_NOT_FOUND', say(localeOf(ctx), 'stageNotFound', { stage: input, list }), {
    stage: input,
    stages: pipeline.map((s) => s.key),
    known: stageNames(pipeline),
  });
}
