// Dimensions a metric can be split by: the deal fields of the source article (owner,
// team, industry, lead source, competitor, tag, deal size band) and "a contact role
// reached before a stage" (e.g. a decision maker identified before Qualified).

import type { ContactRole } from '../model.js';
import { resolveStage } from '../pipeline.js';
import type { Pipeline } from '../model.js';
import type { Dimension, DimensionSpec, RankedStage, RoleChoice, SimpleDimension } from './types.js';
import { SIMPLE_DIMENSIONS } from './types.js';

const DIMENSION_SYNONYMS: Record<string, SimpleDimension> = {
  owner: 'owner',
  owners: 'owner',
  rep: 'owner',
  reps: 'owner',
  user: 'owner',
  seller: 'owner',
  负责人: 'owner',
  销售: 'owner',
  team: 'team',
  teams: 'team',
  团队: 'team',
  industry: 'industry',
  industries: 'industry',
  vertical: 'industry',
  行业: 'industry',
  source: 'source',
  sources: 'source',
  lead_source: 'source',
  leadsource: 'source',
  channel: 'source',
  来源: 'source',
  渠道: 'source',
  线索来源: 'source',
  competitor: 'competitor',
  competitors: 'competitor',
  竞争对手: 'competitor',
  竞品: 'competitor',
  tag: 'tag',
  tags: 'tag',
  标签: 'tag',
  size: 'size',
  amount: 'size',
  deal_size: 'size',
  dealsize: 'size',
  band: 'size',
  金额: 'size',
  规模: 'size',
};

/** Role words besides the contact roles themselves (parser/values.ts knows those synonyms). */
export const DM_OR_EB_WORDS = ['dm_or_eb', 'dm/eb', 'dm+eb', 'dmeb', 'dm_eb', 'authority', '决策人或经济决策人'];

/** Names users can type for `by=`, for suggestions. */
export const DIMENSION_WORDS = [...SIMPLE_DIMENSIONS, 'dm-before-qualified', 'dm-or-eb-before-qualified'];

export function canonicalWord(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase().replace(/[\s-]+/gu, '_');
}

export function simpleDimension(raw: string): SimpleDimension | undefined {
  const c = canonicalWord(raw);
  return Object.hasOwn(DIMENSION_SYNONYMS, c) ? DIMENSION_SYNONYMS[c] : undefined;
}

/** Splits `<role>-before-<stage>` (also `<role>_before_<stage>`, `<role> before <stage>`). */
export function splitRoleBefore(raw: string): { role: string; stage: string } | null {
  const m = /^(.+?)[-_\s]+before[-_\s]+(.+)$/iu.exec(raw.normalize('NFKC').trim()) ?? /^(.+?)先于(.+)$/u.exec(raw.trim());
  if (!m || !m[1] || !m[2]) return null;
  return { role: m[1], stage: m[2] };
}

export function isDmOrEb(raw: string): boolean {
  return DM_OR_EB_WORDS.includes(canonicalWord(raw)) || DM_OR_EB_WORDS.includes(raw.trim().toLowerCase());
}

export function rolesOf(choice: RoleChoice): ContactRole[] {
  return choice === 'dm_or_eb' ? ['decision_maker', 'economic_buyer'] : [choice];
}

/** The canonical name of a dimension spec (`source`, `dm_or_eb-before-qualified`). */
export function dimensionName(spec: DimensionSpec | Dimension): string {
  if (spec.kind === 'roleBefore') return `${spec.role}-before-${spec.stage}`;
  return spec.kind;
}

/** Default amount bands: < 10k, 10k–25k, 25k–50k, 50k–100k, ≥ 100k. */
export const DEFAULT_SIZE_EDGES = [10_000, 25_000, 50_000, 100_000];

/** Settings value `analytics.sizeBands`: ascending positive numbers, or the default. */
export function sizeEdges(setting: unknown): number[] {
  if (!Array.isArray(setting) || setting.length === 0 || setting.length > 12) return DEFAULT_SIZE_EDGES;
  const nums = setting.map(Number);
  if (nums.some((n) => !Number.isFinite(n) || n <= 0)) return DEFAULT_SIZE_EDGES;
  for (let i = 1; i < nums.length; i++) if ((nums[i] as number) <= (nums[i - 1] as number)) return DEFAULT_SIZE_EDGES;
  return nums;
}

export function compactAmount(n: number): string {
  if (n >= 1e6 && n % 1e5 === 0) return `${n / 1e6}m`;
  if (n >= 1e3 && n % 100 === 0) return `${n / 1e3}k`;
  return String(n);
}

/** Label of size band `index` ("<10k", "10k–25k", "100k+"). */
export function sizeBandLabel(edges: readonly number[], index: number): string {
  const lo = edges[index - 1];
  const hi = edges[index];
  if (lo === undefined && hi !== undefined) return `<${compactAmount(hi)}`;
  if (hi === undefined && lo !== undefined) return `${compactAmount(lo)}+`;
  return `${compactAmount(lo ?? 0)}–${compactAmount(hi ?? 0)}`;
}

export type ResolvedDimension = { ok: true; dimension: Dimension } | { ok: false; stage: string };

/** Resolves a parsed dimension against the pipeline (role-before needs an open stage or won). */
export function resolveDimension(
  spec: DimensionSpec,
  pipeline: Pipeline,
  ranks: readonly RankedStage[],
  edges: number[],
): ResolvedDimension {
  switch (spec.kind) {
    case 'size':
      return { ok: true, dimension: { kind: 'size', edges } };
    case 'roleBefore': {
      const stage = resolveStage(pipeline, spec.stage);
      const rank = stage ? ranks.find((r) => r.key === stage.key)?.rank : null;
      if (!stage || rank === null || rank === undefined) return { ok: false, stage: spec.stage };
      return {
        ok: true,
        dimension: { kind: 'roleBefore', role: spec.role, roles: rolesOf(spec.role), stage: stage.key, stageRank: rank },
      };
    }
    default:
      return { ok: true, dimension: { kind: spec.kind } };
  }
}
