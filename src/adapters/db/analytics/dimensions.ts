// The article's dimensions in SQL, over any relation with df's columns (fragments.ts).
// A single-valued dimension is an expression over the deal's own row (no join);
// competitors and tags unnest into one row per distinct value and deal; a contact role
// "before a stage" compares the deal's first contact with the role to when it reached
// the stage, from one aggregate over its contacts.

import { openCount } from '../../../core/analytics/ranks.js';
import type { Dimension, RankedStage } from '../../../core/analytics/types.js';
import { empty, join, raw, reachedAt, sql, type Sql } from './fragments.js';

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

function trimmed(alias: string, column: string): Sql {
  return raw(`nullif(btrim(${alias}.${column}), '')`);
}

/** The values of a multi-valued dimension as an array (a deal without any: one NULL, or 'none' when marked so). */
function multiArray(dim: MultiDimension, alias: string): Sql {
  if (dim.kind === 'competitor') {
    return raw(`(CASE WHEN cardinality(${alias}.competitors) = 0 THEN ARRAY[CASE WHEN ${alias}.no_competitor THEN 'none' END] ELSE ${alias}.competitors END)`);
  }
  return raw(`(CASE WHEN cardinality(${alias}.tags) = 0 THEN ARRAY[NULL::text] ELSE ${alias}.tags END)`);
}

/**
 * Rows of `source` (alias s) with each distinct value of a multi-valued dimension as
 * (value, label): most deals hold at most one value, and only those holding several
 * pay for de-duplicating them.
 */
export function withMultiValues(dim: MultiDimension, source: Sql, columns: Sql): Sql {
  const arr = multiArray(dim, 's');
  return sql`SELECT ${columns}, lower(btrim(${arr}[1])) AS value, btrim(${arr}[1]) AS label
      FROM ${source} s WHERE cardinality(${arr}) = 1
    UNION ALL
    SELECT ${columns}, x.value, x.label FROM ${source} s CROSS JOIN LATERAL (
      SELECT lower(btrim(v)) AS value, min(btrim(v)) AS label FROM unnest(${arr}) AS v GROUP BY lower(btrim(v))
    ) x WHERE cardinality(${arr}) > 1`;
}

/** Per deal of `source`: the earliest contact with each role set, as columns c0, c1, … */
export function contactFirsts(roleDims: readonly RoleDimension[], source: Sql): Sql {
  const cols = roleDims.map((d, i) => sql`min(c.created_at) FILTER (WHERE c.role IN (${join(d.roles)})) AS ${raw(`c${i}`)}`);
  return sql`SELECT c.deal_id, ${join(cols)} FROM contact c
    WHERE c.deal_id IN (SELECT id FROM ${source}) GROUP BY c.deal_id`;
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

/**
 * Every row of `source` once as group 0 (the whole population), plus, for a dimension,
 * its rows in group 1 with the dimension's value and label: the relation each part
 * aggregates (df's columns + grp, value, label).
 */
export function segmented(source: Sql, dim: Dimension | null, stages: readonly RankedStage[]): Sql {
  const all = sql`SELECT s.*, 0 AS grp, NULL::text AS value, NULL::text AS label FROM ${source} s`;
  if (dim === null) return all;
  if (isMulti(dim)) {
    return sql`${all} UNION ALL ${withMultiValues(dim, source, sql`s.*, 1 AS grp`)}`;
  }
  const [value, label] = singleValue(dim, stages);
  const contacts = dim.kind === 'roleBefore' ? sql`LEFT JOIN (${contactFirsts([dim], source)}) c ON c.deal_id = s.id` : empty;
  return sql`${all} UNION ALL SELECT s.*, 1, ${value}, ${label ?? value} FROM ${source} s ${contacts}`;
}
