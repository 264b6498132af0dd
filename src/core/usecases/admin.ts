// Pipeline, gate and role administration (admins only: declared by each command in src/core/commands).

import type { Command } from '../commands.js';
import type { Pipeline } from '../model.js';
import { addStage, moveStage, removeStage, renameStage, resolveStage, setRequirements, type PipelineEdit } from '../pipeline.js';
import { fail, ok, type Reply } from '../reply.js';
import { REQUIREMENT_IDS, isRequirementId, requirementHint } from '../requirements.js';
import { say } from '../texts.js';
import { localeOf, type Context } from './context.js';
import { stageNotFound } from './replies.js';

type Of<T extends Command['type']> = Extract<Command, { type: T }>;

function stagesData(pipeline: Pipeline) {
  return pipeline.map((s, position) => ({ key: s.key, name: s.name, aliases: s.aliases, kind: s.kind, position, requires: s.requires }));
}

export async function gatesShow(ctx: Context): Promise<Reply> {
  const locale = localeOf(ctx);
  const pipeline = await ctx.store.getPipeline(ctx.workspace.id);
  const lines = pipeline.map((s) => `  ${s.name}: ${s.requires.length ? s.requires.join(', ') : say(locale, 'gateNone')}`);
  return ok([say(locale, 'gatesHeader'), ...lines].join('\n'), {
    gates: pipeline.map((s) => ({ stage: s.key, requires: s.requires.map((id) => ({ id, hint: isRequirementId(id) ? requirementHint(locale, id) : '' })) })),
    requirements: REQUIREMENT_IDS,
  });
}

export async function gatesSet(ctx: Context, cmd: Of<'gates.set'>): Promise<Reply> {
  const locale = localeOf(ctx);
  const unknown = cmd.requires.find((id) => !isRequirementId(id));
  if (unknown !== undefined) {
    return fail('USAGE', say(locale, 'unknownRequirement', { id: unknown, list: REQUIREMENT_IDS.join(', ') }), {
      requirement: unknown,
      known: REQUIREMENT_IDS,
    });
  }
  return editPipeline(ctx, (p) => setRequirements(p, cmd.stage, cmd.requires), (stage) =>
    say(locale, 'gatesUpdated', { stage: stage.name, list: stage.requires.join(', ') || say(locale, 'gateNone') }),
  );
}

export async function stageList(ctx: Context): Promise<Reply> {
  const locale = localeOf(ctx);
  const pipeline = await ctx.store.getPipeline(ctx.workspace.id);
  const lines = pipeline.map((s, i) => `  ${i + 1}. ${s.name} [${s.key}]${s.aliases.length ? ` (${s.aliases.join(', ')})` : ''}${s.kind !== 'open' ? ` · ${s.kind}` : ''}`);
  return ok([say(locale, 'stagesHeader'), ...lines].join('\n'), { stages: stagesData(pipeline) });
}

async function editPipeline(
  ctx: Context,
  edit: (p: Pipeline) => PipelineEdit,
  message: (stage: Extract<PipelineEdit, { ok: true }>['stage'], before: Pipeline) => string,
  guard?: (p: Pipeline) => Promise<Reply | null>,
): Promise<Reply> {
  const locale = localeOf(ctx);
  const ws = ctx.workspace.id;
  const pipeline = await ctx.store.getPipeline(ws);
  const blocked = guard ? await guard(pipeline) : null;
  if (blocked) return blocked;
  const result = edit(pipeline);
  if (!result.ok) {
    if (result.error === 'STAGE_NOT_FOUND') return stageNotFound(ctx, result.detail ?? '', pipeline);
    if (result.error === 'DUPLICATE') return fail('DUPLICATE', say(locale, 'stageDuplicate', { stage: result.detail ?? '' }));
    const key = result.detail === 'closed' ? 'stageClosedFixed' : result.detail === 'last' ? 'stageLast' : 'stageInvalidName';
    return fail('INVALID', say(locale, key));
  }
  await ctx.store.savePipeline(ws, result.pipeline);
  return ok(message(result.stage, pipeline), { stage: result.stage.key, stages: stagesData(result.pipeline) });
}

export async function stageAdd(ctx: Context, cmd: Of<'stage.add'>): Promise<Reply> {
  const locale = localeOf(ctx);
  return editPipeline(ctx, (p) => {
    const r = addStage(p, cmd.stage, cmd.after);
    return !r.ok && r.error === 'DUPLICATE' ? { ...r, detail: cmd.stage } : r;
  }, (s) => say(locale, 'stageAdded', { stage: s.name }));
}

export async function stageRename(ctx: Context, cmd: Of<'stage.rename'>): Promise<Reply> {
  const locale = localeOf(ctx);
  return editPipeline(ctx, (p) => {
    const r = renameStage(p, cmd.stage, cmd.newName);
    return !r.ok && r.error === 'DUPLICATE' ? { ...r, detail: cmd.newName } : r;
  }, (s, before) => say(locale, 'stageRenamed', { old: resolveStage(before, cmd.stage)?.name ?? cmd.stage, stage: s.name }));
}

export async function stageRemove(ctx: Context, cmd: Of<'stage.remove'>): Promise<Reply> {
  const locale = localeOf(ctx);
  return editPipeline(
    ctx,
    (p) => removeStage(p, cmd.stage),
    (s) => say(locale, 'stageRemoved', { stage: s.name }),
    async (p) => {
      const stage = resolveStage(p, cmd.stage);
      if (!stage) return null;
      const count = await ctx.store.countDealsInStage(ctx.workspace.id, stage.key);
      return count > 0 ? fail('STAGE_IN_USE', say(locale, 'stageInUse', { stage: stage.name, count }), { stage: stage.key, deals: count }) : null;
    },
  );
}

export async function stageMove(ctx: Context, cmd: Of<'stage.move'>): Promise<Reply> {
  const locale = localeOf(ctx);
  return editPipeline(ctx, (p) => moveStage(p, cmd.stage, cmd.after), (s) =>
    say(locale, 'stageMoved', { stage: s.name, after: cmd.after }),
  );
}

export async function roleSet(ctx: Context, cmd: Of<'role.set'>): Promise<Reply> {
  const member = await ctx.store.setRole(ctx.workspace.id, cmd.user, cmd.role);
  return ok(say(localeOf(ctx), 'roleSet', { user: member.userId, role: member.role }), { member });
}

export async function roleList(ctx: Context): Promise<Reply> {
  const locale = localeOf(ctx);
  const members = await ctx.store.listMembers(ctx.workspace.id);
  const text = members.length
    ? [say(locale, 'rolesHeader'), ...members.map((m) => `  ${m.userId}${m.displayName !== m.userId ? ` (${m.displayName})` : ''}: ${m.role}`)].join('\n')
    : say(locale, 'noMembers');
  return ok(text, { members });
}
