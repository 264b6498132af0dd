// SQL building blocks shared by the analytics statements (Prisma.sql tagged templates:
// every value is a bound parameter; only fixed identifiers are inlined).
//
//   st   the pipeline with funnel ranks, as given by core (open 0..K-1, won K, lost NULL)
//   ev   the workspace's stage events with the rank they reach: an open stage its rank,
//        Won the last open rank (a win passes every open stage), Lost and unknown NULL
//   dd   one row per deal from the deal table alone: attributes and standing state
//        (cur_kind: won, lost, or open for any other stage)
//   df   dd with what the events tell: the furthest rank (K when won now; else the
//        highest rank any event reached, at least 0) and, for the ranks asked for, when
//        the deal first reached them (reached_at_<rank>)
//
// Each command runs one statement: the CTEs above once, then one JSON column per part
// (parts.ts), so the events are read at most once per command.

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

/** Each stage key with the rank an event into it reaches (see ev above); Lost and unknown stages reach none. */
function eventRanks(stages: readonly RankedStage[]): [string, number][] {
  const lastOpen = openCount(stages) - 1;
  return stages.flatMap((s): [string, number][] =>
    s.kind === 'won' ? [[s.key, lastOpen]] : s.kind === 'open' && s.rank !== null ? [[s.key, s.rank]] : [],
  );
}

/** The rank an event `e` reaches, as a CASE over the stage keys (cheaper than joining st for every event). */
function eventRank(stages: readonly RankedStage[]): Sql {
  const arms = eventRanks(stages).map(([key, rank]) => sql`WHEN ${key}::text THEN ${rank}::int`);
  return sql`CASE e.to_stage ${join(arms, ' ')} END`;
}

/** Inlined at each use: materialising every event once per statement costs more than re-reading them. */
export function eventCte(workspaceId: string, stages: readonly RankedStage[]): Sql {
  return sql`ev AS NOT MATERIALIZED (
    SELECT e.deal_id, e.id, e.at, ${eventRank(stages)} AS r
    FROM stage_event e
    WHERE e.workspace_id = ${workspaceId}
  )`;
}

export function reachedAt(rank: number): Sql {
  return raw(`reached_at_${Math.trunc(rank)}`);
}

/** Deal columns only some statements read (the dimensions'). */
export type DealColumn = 'owner' | 'team' | 'industry' | 'source' | 'competitors' | 'tags';

export interface DealOptions {
  columns?: readonly DealColumn[];
  /** Whether a part reads max_rank (the furthest rank needs every event of every deal). */
  maxRank?: boolean;
  /** Ranks whose first-reach time a part reads as reached_at_<rank>. */
  reachRanks?: readonly number[];
  /** Only the deals created in this window (a cohort), and only their events. */
  createdIn?: TimeWindow | null;
  /** Only won and lost deals (filtered on the stage itself, which the planner can estimate). */
  closedOnly?: boolean;
}

/** Whether deal `d` stands in a stage of these kinds. */
function stageIn(stages: readonly RankedStage[], kinds: readonly ('won' | 'lost')[]): Sql {
  const keys = stages.filter((s) => (kinds as readonly string[]).includes(s.kind)).map((s) => s.key);
  return keys.length === 0 ? sql`FALSE` : sql`d.stage IN (${join(keys)})`;
}

/** Deal `d`'s standing state: won, lost or (any other stage, even an unknown one) open. */
function curKind(stages: readonly RankedStage[]): Sql {
  return sql`CASE WHEN ${stageIn(stages, ['won'])} THEN 'won' WHEN ${stageIn(stages, ['lost'])} THEN 'lost' ELSE 'open' END`;
}

const COLUMN_SQL: Record<DealColumn, string> = {
  owner: 'd.owner',
  team: 'd.team',
  industry: 'd.industry',
  source: 'd.source',
  // A NULL array (written outside the app) is no value recorded, like an empty one.
  competitors: "coalesce(d.competitors, '{}') AS competitors, d.no_competitor",
  tags: "coalesce(d.tags, '{}') AS tags",
};

/**
 * dd and df, with only the columns and event aggregates the statement reads: a recent
 * cohort costs what its deals cost, not the history. dd is the deal rows alone, read
 * again wherever used (cheap), so a part that needs no event (today's pipeline, the
 * deal ids of stays) does not force df, and its pass over the events, to be kept.
 */
export function dealCte(workspaceId: string, stages: readonly RankedStage[], options: DealOptions = {}): Sql {
  const { columns = [], maxRank = true, createdIn = null } = options;
  const k = openCount(stages);
  const ranks = [...new Set(options.reachRanks ?? [])];
  const aggregates: Sql[] = [];
  if (maxRank) aggregates.push(sql`max(${eventRank(stages)}) AS max_r`);
  for (const r of ranks) aggregates.push(sql`min(e.at) FILTER (WHERE ${eventRank(stages)} >= ${r}::int) AS ${reachedAt(r)}`);
  const derived: Sql[] = [];
  if (maxRank) derived.push(sql`, CASE WHEN dd.cur_kind = 'won' THEN ${k}::int ELSE greatest(coalesce(m.max_r, 0), 0) END AS max_rank`);
  for (const r of ranks) derived.push(sql`, m.${reachedAt(r)}`);
  const picked = [...new Set(columns)].map((c) => sql`, ${raw(COLUMN_SQL[c])}`);

  const cohortDeals = createdIn ? sql`AND ${inWindow(sql`d.created_at`, createdIn)}` : empty;
  const closed = options.closedOnly ? sql`AND ${stageIn(stages, ['won', 'lost'])}` : empty;
  const dd = sql`dd AS NOT MATERIALIZED (
    SELECT d.id, d.stage, d.amount::float8 AS amount, d.lost_reason, d.created_at, d.stage_entered_at,
           ${curKind(stages)} AS cur_kind ${concat(picked)}
    FROM deal d
    WHERE d.workspace_id = ${workspaceId} ${cohortDeals} ${closed}
  )`;
  if (aggregates.length === 0) return sql`${dd}, df AS NOT MATERIALIZED (SELECT * FROM dd)`;

  const eventFilters: Sql[] = [];
  // A cohort's events only: the deals dd holds.
  if (createdIn) eventFilters.push(sql`AND e.deal_id IN (SELECT id FROM dd)`);
  if (!maxRank && ranks.length > 0) {
    // Only the events that reach the lowest rank asked for can be a first reach.
    const low = Math.min(...ranks);
    const keys = eventRanks(stages).filter(([, rank]) => rank >= low).map(([key]) => key);
    eventFilters.push(keys.length ? sql`AND e.to_stage IN (${join(keys)})` : sql`AND FALSE`);
  }
  return sql`${dd}, df AS (
    SELECT dd.* ${concat(derived)}
    FROM dd LEFT JOIN (
      SELECT e.deal_id, ${join(aggregates)}
      FROM stage_event e
      WHERE e.workspace_id = ${workspaceId} ${concat(eventFilters)}
      GROUP BY e.deal_id
    ) m ON m.deal_id = dd.id
  )`;
}

export function inWindow(column: Sql, window: TimeWindow | null): Sql {
  if (window === null) return sql`TRUE`;
  return sql`(${column} >= ${window.from}::timestamptz AND ${column} < ${window.to}::timestamptz)`;
}

/** Completed stays in open stages of the workspace's deals (or only dd's: `ofDd`): (deal_id, stage, days, left_at). */
export function staysCte(workspaceId: string, stages: readonly RankedStage[], ofDd = false): Sql {
  const open = stages.filter((s) => s.kind === 'open').map((s) => s.key);
  return sql`stays AS (
    SELECT y.deal_id, y.stage, ${daysBetween(sql`y.entered`, sql`y.left_at`)} AS days, y.left_at
    FROM (
      SELECT e.deal_id, e.to_stage AS stage, e.at AS entered,
             lead(e.at) OVER (PARTITION BY e.deal_id ORDER BY e.at, e.id) AS left_at
      FROM stage_event e WHERE e.workspace_id = ${workspaceId} ${ofDd ? sql`AND e.deal_id IN (SELECT id FROM dd)` : empty}
    ) y
    WHERE y.left_at IS NOT NULL AND y.stage IN (${join(open)})
  )`;
}

/** Days from `from` to `to` in float8 (extract(epoch FROM interval) is numeric: several times slower per row). */
export function daysBetween(from: Sql, to: Sql): Sql {
  return sql`(date_part('epoch', ${to}) - date_part('epoch', ${from})) / 86400.0`;
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

/** A text column read from a JSON row; a number (a JSON scalar) spelled as String would. */
export function strOrNull(x: unknown): string | null {
  if (x === null || x === undefined) return null;
  return typeof x === 'string' ? x : JSON.stringify(x);
}
