// The article's dimensions in SQL, over any relation with df's columns (fragments.ts).
// A single-valued dimension is an expression over the deal's own row (no join);
// competitors and tags unnest into one row per distinct value and deal; a contact role
// "before a stage" compares the deal's first contact with the role to when it reached
// the stage, from one aggregate over its contacts.

import { openCount } from '../../../core/analytics/ranks.js';
import type { Dimension, RankedStage, TimeWindow } from '../../../core/analytics/types.js';
import { empty, inWindow, join, raw, reachedAt, sql, type DealColumn, type Sql } from './fragments.js';

/** The deals df holds: a workspace's, or only those created in a window. */
export interface DealScope {
  workspaceId: string;
  createdIn: TimeWindow | null;
}

type RoleDimension = Extract<Dimension, { kind: 'roleBefore' }>;
type MultiDimension = Extract<Dimension, { kind: 'competitor' | 'tag' }>;
type SingleDimension = Exclude<Dimension, MultiDimension>;

export function isMulti(dim: Dimension): dim is MultiDimension {
  return dim.kind === 'competitor' || dim.kind === 'tag';
}

/** Ranks whose first-reach time df must carry for these dimensions (the first stage and Won need none). */
export function reachRanks(dims: readonly Dimension[], stages: readonly RankedStage[]): number[] {
  const k = openCount(stages);
  return dims.flatMap((d) => (d.kind === 'roleBefore' && d.stageRank > 0 && d.stageRank < k ? [d.stageRank] : []));
}

/** The deal columns df must carry for these dimensions (amount and the dates are always there). */
export function dealColumns(dims: readonly Dimension[]): DealColumn[] {
  return dims.flatMap((d): DealColumn[] => {
    switch (d.kind) {
      case 'owner':
      case 'team':
      case 'industry':
      case 'source':
        return [d.kind];
      case 'competitor':
        return ['competitors'];
      case 'tag':
        return ['tags'];
      case 'size':
      case 'roleBefore':
        return [];
    }
  });
}

function trimmed(alias: string, column: string): Sql {
  return raw(`nullif(btrim(${alias}.${column}), '')`);
}

/**
 * The distinct values of a multi-valued dimension on the deal row `s`, as typed (one per
 * lower-cased value), for `CROSS JOIN LATERAL unnest(...) AS v`: a deal without any has
 * one NULL ('none' when marked so); only deals holding several pay for de-duplicating.
 */
export function multiValueArray(dim: MultiDimension): Sql {
  const col = dim.kind === 'competitor' ? 's.competitors' : 's.tags';
  const none = dim.kind === 'competitor' ? "ARRAY[CASE WHEN s.no_competitor THEN 'none' END]" : 'ARRAY[NULL::text]';
  return raw(`CASE WHEN cardinality(${col}) > 1 THEN ARRAY(SELECT min(btrim(x)) FROM unnest(${col}) AS x GROUP BY lower(btrim(x)))
    WHEN cardinality(${col}) = 1 THEN ${col} ELSE ${none} END`);
}

/** (value, label) of one element `v` of multiValueArray. */
const MULTI_VALUE = sql`lower(btrim(v)) AS value, btrim(v) AS label`;

/** The deal columns a multi-valued dimension reads. */
export function multiColumns(dim: MultiDimension): Sql {
  return dim.kind === 'competitor' ? sql`s.competitors, s.no_competitor` : sql`s.tags`;
}

/** Per deal of the workspace (created in `createdIn`, if given): the earliest contact with each role set, as columns c0, c1, … */
export function contactFirsts(roleDims: readonly RoleDimension[], workspaceId: string, createdIn: TimeWindow | null): Sql {
  const cols = roleDims.map((d, i) => sql`min(c.created_at) FILTER (WHERE c.role IN (${join(d.roles)})) AS ${raw(`c${i}`)}`);
  const cohort = createdIn ? sql`AND ${inWindow(sql`d.created_at`, createdIn)}` : empty;
  return sql`SELECT c.deal_id, ${join(cols)} FROM contact c JOIN deal d ON d.id = c.deal_id
    WHERE d.workspace_id = ${workspaceId} ${cohort} GROUP BY c.deal_id`;
}

/**
 * 'yes' when a contact with the role was on the deal (`s`) by the time it first reached
 * the stage: the first stage at creation, Won at the standing win, any other open stage
 * at the first event reaching it or beyond. A deal that never reached the stage has no
 * cut-off: any contact with the role counts. `contact` is column c<i> of contactFirsts.
 */
export function roleFlag(dim: RoleDimension, stages: readonly RankedStage[], contact: Sql): Sql {
  const k = openCount(stages);
  const first =
    dim.stageRank === 0
      ? sql`s.created_at`
      : dim.stageRank >= k
        ? sql`CASE WHEN s.cur_kind = 'won' THEN s.stage_entered_at END`
        : sql`s.${reachedAt(dim.stageRank)}`;
  return sql`CASE WHEN ${contact} IS NOT NULL AND (${first} IS NULL OR ${contact} <= ${first}) THEN 'yes' ELSE 'no' END`;
}

/**
 * (value, label) of a single-valued dimension over the deal row `s`; label null = the
 * value is its own label. roleBefore reads column c<index> of contactFirsts joined as `c`.
 */
export function singleValue(dim: SingleDimension, stages: readonly RankedStage[], index = 0): [Sql, Sql | null] {
  switch (dim.kind) {
    case 'owner':
      return [sql`s.owner`, null];
    case 'team':
    case 'industry':
    case 'source': {
      const col = trimmed('s', dim.kind);
      return [sql`lower(${col})`, col];
    }
    case 'size': {
      const cases = dim.edges.map((edge, i) => sql`WHEN s.amount < ${edge}::float8 THEN ${String(i)}::text`);
      return [sql`CASE WHEN s.amount IS NULL THEN NULL ${join(cases, ' ')} ELSE ${String(dim.edges.length)}::text END`, null];
    }
    case 'roleBefore':
      return [roleFlag(dim, stages, raw(`c.c${index}`)), null];
  }
}

/** Every row of `source` once as group 0, the whole population (df's columns + grp, value, label). */
export function allRows(source: Sql): Sql {
  return sql`SELECT s.*, 0 AS grp, NULL::text AS value, NULL::text AS label FROM ${source} s`;
}

/** The rows of `source` as group 1 with the dimension's value and label (a deal once per distinct value). */
export function dimensionRows(source: Sql, dim: Dimension, stages: readonly RankedStage[], deals: DealScope): Sql {
  if (isMulti(dim)) {
    return sql`SELECT s.*, 1 AS grp, ${MULTI_VALUE} FROM ${source} s CROSS JOIN LATERAL unnest(${multiValueArray(dim)}) AS v`;
  }
  const [value, label] = singleValue(dim, stages);
  const contacts =
    dim.kind === 'roleBefore' ? sql`LEFT JOIN (${contactFirsts([dim], deals.workspaceId, deals.createdIn)}) c ON c.deal_id = s.id` : empty;
  return sql`SELECT s.*, 1 AS grp, ${value} AS value, ${label ?? value} AS label FROM ${source} s ${contacts}`;
}
