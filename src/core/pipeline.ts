// The ordered stages of a workspace and the rules for editing them.

import type { Pipeline, Stage } from './model.js';

/** The source article's funnel, with its gates (see requirements.ts for the ids). */
export function defaultPipeline(): Pipeline {
  return [
    { key: 'lead', name: 'Lead', aliases: ['线索', 'leads'], kind: 'open', requires: [] },
    {
      key: 'opportunity',
      name: 'Opportunity',
      aliases: ['机会', 'opp', 'opportunities'],
      kind: 'open',
      requires: ['contact', 'industry', 'source'],
    },
    {
      key: 'qualified',
      name: 'Qualified',
      aliases: ['合格机会', 'sql', 'qualified_opportunity', 'qualified-opportunity'],
      kind: 'open',
      requires: ['amount', 'decision_maker', 'competitor', 'close_date'],
    },
    { key: 'proposal', name: 'Proposal', aliases: ['方案', 'quote'], kind: 'open', requires: ['amount'] },
    { key: 'negotiation', name: 'Negotiation', aliases: ['谈判', 'negotiate'], kind: 'open', requires: ['amount'] },
    { key: 'won', name: 'Won', aliases: ['赢单', 'win', 'closed_won', 'closed-won'], kind: 'won', requires: ['amount'] },
    {
      key: 'lost',
      name: 'Lost',
      aliases: ['输单', '丢单', 'lose', 'closed_lost', 'closed-lost'],
      kind: 'lost',
      requires: ['lost_reason'],
    },
  ];
}

export function normaliseName(s: string): string {
  return s.normalize('NFKC').trim().toLocaleLowerCase('en-US');
}

export function stageKeyOf(name: string): string {
  return normaliseName(name).replace(/\s+/g, '_');
}

/** Finds a stage by key, display name or alias, case-insensitively. */
export function resolveStage(pipeline: Pipeline, input: string): Stage | undefined {
  const wanted = stageKeyOf(input);
  return pipeline.find(
    (s) => s.key === wanted || stageKeyOf(s.name) === wanted || s.aliases.some((a) => stageKeyOf(a) === wanted),
  );
}

export function stageIndex(pipeline: Pipeline, key: string): number {
  return pipeline.findIndex((s) => s.key === key);
}

export function openStages(pipeline: Pipeline): Stage[] {
  return pipeline.filter((s) => s.kind === 'open');
}

/** Every name a user may type for some stage, for suggestions and autocomplete. */
export function stageNames(pipeline: Pipeline): string[] {
  return pipeline.flatMap((s) => [s.key, s.name, ...s.aliases]);
}

export type PipelineEdit =
  | { ok: true; pipeline: Pipeline; stage: Stage }
  | { ok: false; error: 'STAGE_NOT_FOUND' | 'DUPLICATE' | 'INVALID'; detail?: string };

/** Closed stages stay at the end: new and moved stages go among the open ones. */
function insertionIndex(pipeline: Pipeline, after: Stage | undefined): number {
  const firstClosed = pipeline.findIndex((s) => s.kind !== 'open');
  const end = firstClosed === -1 ? pipeline.length : firstClosed;
  if (!after) return end;
  return Math.min(pipeline.indexOf(after) + 1, end);
}

function nameTaken(pipeline: Pipeline, name: string, except?: Stage): boolean {
  const found = resolveStage(pipeline, name);
  return found !== undefined && found !== except;
}

export function addStage(pipeline: Pipeline, name: string, after?: string): PipelineEdit {
  const key = stageKeyOf(name);
  if (!key || key.length > 40) return { ok: false, error: 'INVALID', detail: 'name' };
  if (nameTaken(pipeline, name)) return { ok: false, error: 'DUPLICATE' };
  let anchor: Stage | undefined;
  if (after !== undefined) {
    anchor = resolveStage(pipeline, after);
    if (!anchor) return { ok: false, error: 'STAGE_NOT_FOUND', detail: after };
  }
  const stage: Stage = { key, name: name.trim(), aliases: [], kind: 'open', requires: [] };
  const next = [...pipeline];
  next.splice(insertionIndex(pipeline, anchor), 0, stage);
  return { ok: true, pipeline: next, stage };
}

/**
 * Renaming keeps the stage's key, so the append-only history never changes; the new
 * name becomes the display name and the old one stays an alias.
 */
export function renameStage(pipeline: Pipeline, oldName: string, newName: string): PipelineEdit {
  const stage = resolveStage(pipeline, oldName);
  if (!stage) return { ok: false, error: 'STAGE_NOT_FOUND', detail: oldName };
  const trimmed = newName.trim();
  if (!stageKeyOf(trimmed) || trimmed.length > 40) return { ok: false, error: 'INVALID', detail: 'name' };
  if (nameTaken(pipeline, trimmed, stage)) return { ok: false, error: 'DUPLICATE' };
  const aliases = [...new Set([...stage.aliases, stage.name])].filter((a) => stageKeyOf(a) !== stageKeyOf(trimmed));
  const renamed: Stage = { ...stage, name: trimmed, aliases };
  return { ok: true, pipeline: pipeline.map((s) => (s === stage ? renamed : s)), stage: renamed };
}

/** The caller must first check that no deal sits in the stage. */
export function removeStage(pipeline: Pipeline, name: string): PipelineEdit {
  const stage = resolveStage(pipeline, name);
  if (!stage) return { ok: false, error: 'STAGE_NOT_FOUND', detail: name };
  if (stage.kind !== 'open') return { ok: false, error: 'INVALID', detail: 'closed' };
  if (openStages(pipeline).length <= 1) return { ok: false, error: 'INVALID', detail: 'last' };
  return { ok: true, pipeline: pipeline.filter((s) => s !== stage), stage };
}

export function moveStage(pipeline: Pipeline, name: string, after: string): PipelineEdit {
  const stage = resolveStage(pipeline, name);
  if (!stage) return { ok: false, error: 'STAGE_NOT_FOUND', detail: name };
  const anchor = resolveStage(pipeline, after);
  if (!anchor) return { ok: false, error: 'STAGE_NOT_FOUND', detail: after };
  if (stage.kind !== 'open') return { ok: false, error: 'INVALID', detail: 'closed' };
  if (anchor === stage) return { ok: true, pipeline, stage };
  const rest = pipeline.filter((s) => s !== stage);
  const next = [...rest];
  next.splice(insertionIndex(rest, anchor), 0, stage);
  return { ok: true, pipeline: next, stage };
}

export function setRequirements(pipeline: Pipeline, name: string, requires: string[]): PipelineEdit {
  const stage = resolveStage(pipeline, name);
  if (!stage) return { ok: false, error: 'STAGE_NOT_FOUND', detail: name };
  const updated: Stage = { ...stage, requires: [...new Set(requires)] };
  return { ok: true, pipeline: pipeline.map((s) => (s === stage ? updated : s)), stage: updated };
}
