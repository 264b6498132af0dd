// SQL building blocks shared by the analytics statements (Prisma.sql tagged templates:
// every value is a bound parameter; only fixed identifiers are inlined).
//
//   st   the pipeline with funnel ranks, as given by core (open 0..K-1, won K, lost NULL)
//   ev   the workspace's stage events with the rank they reach: an open stage its rank,
//        Won the last open rank (a win passes every open stage), Lost and unknown NULL
//   df   one row per deal: attributes, standing state (cur_kind), furthest rank (K when
//        won now; else the highest rank any event reached, at least 0) and, for the
//        ranks asked for, when the deal first reached them (reached_at_<rank>)
//
// Each command runs one statement: the CTEs above once, then one JSON column per part
// (parts.ts), so the events are read once per command and not once per number.

import { Prisma } from '../../../../generated/prisma/index.js';
import { openCount } from '../../../core/analytics/ranks.js';
import type { RankedStage, TimeWindow } from '../../../core/analytics/types.js';

export type Sql = Prisma.Sql;
export const sql = Prisma.sql;
export const join = Prisma.join;
export const empty = Prisma.empty;
export const raw = Prisma.raw;

/** The fragments one after another (Prisma.join refuses an empty list). */
export function concat(parts: readonly Sql[]): Sql {
  return parts.length === 0 ? empty : join(parts, '');
}

export function stageCte(stages: readonly RankedStage[]): Sql {
  const rows = stages.map((s) => sql`(${s.key}::text, ${s.kind}::text, ${s.rank}::int)`);
  return sql`st(key, kind, rnk) AS (VALUES ${join(rows)})`;
}

/** The rank an event reaches (see ev above), over `stage_event e JOIN st`. */
function eventRank(stages: readonly RankedStage[]): Sql {
  return sql`CASE WHEN st.kind = 'won' THEN ${openCount(stages) - 1}::int WHEN st.kind = 'open' THEN st.rnk END`;
}

/** Inlined at each use: materialising every event once per statement costs more than re-reading them. */
export function eventCte(workspaceId: string, stages: readonly RankedStage[]): Sql {
  return sql`ev AS NOT MATERIALIZED (
    SELECT e.deal_id, e.id, e.at, ${eventRank(stages)} AS r
    FROM stage_event e JOIN st ON st.key = e.to_stage
    WHERE e.workspace_id = ${workspaceId}
  )`;
}

export function reachedAt(rank: number): Sql {
  return raw(`reached_at_${Math.trunc(rank)}`);
}

/**
 * df; with `createdIn`, only the deals created in that window (a cohort), and only
 * their events are read: a recent period costs what its deals cost, not the history.
 */
export function dealCte(
  workspaceId: string,
  stages: readonly RankedStage[],
  reachRanks: readonly number[] = [],
  createdIn: TimeWindow | null = null,
): Sql {
  const k = openCount(stages);
  const ranks = [...new Set(reachRanks)];
  const firsts = ranks.map((r) => sql`, min(e.at) FILTER (WHERE ${eventRank(stages)} >= ${r}::int) AS ${reachedAt(r)}`);
  const carried = ranks.map((r) => sql`, m.${reachedAt(r)}`);
  const cohortDeals = createdIn ? sql`AND ${inWindow(sql`d.created_at`, createdIn)}` : empty;
  const cohortEvents = createdIn
    ? sql`AND e.deal_id IN (SELECT id FROM deal WHERE workspace_id = ${workspaceId} AND ${inWindow(sql`created_at`, createdIn)})`
    : empty;
  return sql`df AS (
    SELECT d.id, d.name, d.owner, d.team, d.industry, d.source, d.competitors, d.no_competitor, d.tags,
           d.amount::float8 AS amount, d.lost_reason, d.stage, d.created_at, d.stage_entered_at,
           coalesce(s.kind, 'open') AS cur_kind,
           CASE WHEN s.kind = 'won' THEN ${k}::int ELSE greatest(coalesce(m.max_r, 0), 0) END AS max_rank
           ${concat(carried)}
    FROM deal d
    LEFT JOIN st s ON s.key = d.stage
    LEFT JOIN (
      SELECT e.deal_id, max(${eventRank(stages)}) AS max_r ${concat(firsts)}
      FROM stage_event e JOIN st ON st.key = e.to_stage
      WHERE e.workspace_id = ${workspaceId} ${cohortEvents}
      GROUP BY e.deal_id
    ) m ON m.deal_id = d.id
    WHERE d.workspace_id = ${workspaceId} ${cohortDeals}
  )`;
}

export function inWindow(column: Sql, window: TimeWindow | null): Sql {
  if (window === null) return sql`TRUE`;
  return sql`(${column} >= ${window.from}::timestamptz AND ${column} < ${window.to}::timestamptz)`;
}

/** Completed stays in open stages of the workspace's deals (or only df's: `ofDf`): (deal_id, stage, days, left_at). */
export function staysCte(workspaceId: string, ofDf = false): Sql {
  return sql`stays AS (
    SELECT y.deal_id, y.stage, extract(epoch FROM (y.left_at - y.entered))::float8 / 86400.0 AS days, y.left_at
    FROM (
      SELECT e.deal_id, e.to_stage AS stage, e.at AS entered,
             lead(e.at) OVER (PARTITION BY e.deal_id ORDER BY e.at, e.id) AS left_at
      FROM stage_event e WHERE e.workspace_id = ${workspaceId} ${ofDf ? sql`AND e.deal_id IN (SELECT id FROM df)` : empty}
    ) y
    JOIN st ON st.key = y.stage AND st.kind = 'open'
    WHERE y.left_at IS NOT NULL
  )`;
}

/** A JSON array of the rows of `query` (one column of the command's single result row). */
export function jsonRows(query: Sql): Sql {
  return sql`(SELECT coalesce(json_agg(t), '[]'::json) FROM (${query}) t)`;
}

// ---------------------------------------------------------------------------
// Row decoding: every numeric column is cast in SQL (::int, ::float8) or is a JSON
// number, so only null handling remains.

export function num(x: unknown): number {
  if (typeof x === 'number') return x;
  if (typeof x === 'bigint') return Number(x);
  if (typeof x === 'string') return Number(x);
  if (x === null || x === undefined) return 0;
  return Number(x);
}

export function numOrNull(x: unknown): number | null {
  if (x === null || x === undefined) return null;
  const n = num(x);
  return Number.isFinite(n) ? n : null;
}

export function strOrNull(x: unknown): string | null {
  return x === null || x === undefined ? null : String(x);
}
