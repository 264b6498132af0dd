// SQL building blocks shared by the analytics queries (Prisma.sql tagged templates:
// every value is a bound parameter; only fixed identifiers are inlined).
//
//   st   the pipeline with funnel ranks, as given by core (open 0..K-1, won K, lost NULL)
//   ev   the workspace's stage events with the rank they reach: an open stage its rank,
//        Won the last open rank (a win passes every open stage), Lost and unknown NULL
//   df   one row per deal: attributes, standing state (cur_kind) and furthest rank
//        (K when won now; else the highest rank any event reached, at least 0)
//   seg  (deal_id, grp, value, label): grp 0 = every deal once, grp 1 = the dimension

import { Prisma } from '../../../../generated/prisma/index.js';
import type { Dimension, RankedStage, TimeWindow } from '../../../core/analytics/types.js';

export type Sql = Prisma.Sql;
export const sql = Prisma.sql;
export const join = Prisma.join;
export const empty = Prisma.empty;
const raw = Prisma.raw;

export function openCount(stages: readonly RankedStage[]): number {
  return stages.filter((s) => s.kind === 'open').length;
}

export function stageCte(stages: readonly RankedStage[]): Sql {
  const rows = stages.map((s) => sql`(${s.key}::text, ${s.kind}::text, ${s.rank}::int)`);
  return sql`st(key, kind, rnk) AS (VALUES ${join(rows)})`;
}

export function eventCte(workspaceId: string, stages: readonly RankedStage[]): Sql {
  const lastOpen = openCount(stages) - 1;
  return sql`ev AS (
    SELECT e.deal_id, e.id, e.at,
           CASE WHEN st.kind = 'won' THEN ${lastOpen}::int WHEN st.kind = 'open' THEN st.rnk END AS r
    FROM stage_event e LEFT JOIN st ON st.key = e.to_stage
    WHERE e.workspace_id = ${workspaceId}
  )`;
}

export function dealCte(workspaceId: string, stages: readonly RankedStage[]): Sql {
  const k = openCount(stages);
  return sql`df AS (
    SELECT d.id, d.name, d.owner, d.team, d.industry, d.source, d.competitors, d.no_competitor, d.tags,
           d.amount::float8 AS amount, d.lost_reason, d.stage, d.created_at, d.stage_entered_at,
           coalesce(st.kind, 'open') AS cur_kind,
           CASE WHEN st.kind = 'won' THEN ${k}::int ELSE greatest(coalesce(m.max_r, 0), 0) END AS max_rank
    FROM deal d
    LEFT JOIN st ON st.key = d.stage
    LEFT JOIN (SELECT deal_id, max(r) AS max_r FROM ev GROUP BY deal_id) m ON m.deal_id = d.id
    WHERE d.workspace_id = ${workspaceId}
  )`;
}

/** The common prefix: WITH st, ev, df (unreferenced CTEs are never evaluated). */
export function base(workspaceId: string, stages: readonly RankedStage[]): Sql {
  return sql`WITH ${stageCte(stages)}, ${eventCte(workspaceId, stages)}, ${dealCte(workspaceId, stages)}`;
}

export function inWindow(column: Sql, window: TimeWindow | null): Sql {
  if (window === null) return sql`TRUE`;
  return sql`(${column} >= ${window.from}::timestamptz AND ${column} < ${window.to}::timestamptz)`;
}

function trimmed(column: string): Sql {
  return raw(`nullif(btrim(${column}), '')`);
}

/** Rows (deal_id, value, label) of one dimension over the deals of CTE `source`. */
export function dimensionRows(dim: Dimension, source: 'df' | 'pop', stages: readonly RankedStage[]): Sql {
  const src = raw(source);
  switch (dim.kind) {
    case 'owner':
      return sql`SELECT id AS deal_id, owner AS value, owner AS label FROM ${src}`;
    case 'team':
    case 'industry':
    case 'source': {
      const col = trimmed(dim.kind);
      return sql`SELECT id AS deal_id, lower(${col}) AS value, ${col} AS label FROM ${src}`;
    }
    case 'competitor':
      return sql`SELECT s.id AS deal_id, lower(btrim(c)) AS value, btrim(c) AS label
                   FROM ${src} s CROSS JOIN LATERAL unnest(s.competitors) AS c
                 UNION ALL
                 SELECT id, CASE WHEN no_competitor THEN 'none' END, CASE WHEN no_competitor THEN 'none' END
                   FROM ${src} WHERE cardinality(competitors) = 0`;
    case 'tag':
      return sql`SELECT s.id AS deal_id, lower(btrim(t)) AS value, btrim(t) AS label
                   FROM ${src} s CROSS JOIN LATERAL unnest(s.tags) AS t
                 UNION ALL
                 SELECT id, NULL, NULL FROM ${src} WHERE cardinality(tags) = 0`;
    case 'size': {
      const cases = dim.edges.map((edge, i) => sql`WHEN amount < ${edge}::float8 THEN ${String(i)}::text`);
      const band = sql`CASE WHEN amount IS NULL THEN NULL ${join(cases, ' ')} ELSE ${String(dim.edges.length)}::text END`;
      return sql`SELECT id AS deal_id, ${band} AS value, ${band} AS label FROM ${src}`;
    }
    case 'roleBefore': {
      const k = openCount(stages);
      // When each deal first reached the stage: the first stage at creation, Won at the
      // standing win, any other open stage at the first event reaching it or beyond.
      // A deal that never reached the stage has no cut-off: any contact with the role counts.
      let reached: Sql;
      if (dim.stageRank === 0) {
        reached = sql`SELECT id AS deal_id, created_at AS first_at FROM ${src}`;
      } else if (dim.stageRank >= k) {
        reached = sql`SELECT id AS deal_id, stage_entered_at AS first_at FROM ${src} WHERE cur_kind = 'won'`;
      } else {
        reached = sql`SELECT ev.deal_id, min(ev.at) AS first_at FROM ev JOIN ${src} s ON s.id = ev.deal_id
                      WHERE ev.r >= ${dim.stageRank}::int GROUP BY ev.deal_id`;
      }
      const yes = sql`CASE WHEN EXISTS (
          SELECT 1 FROM contact c
          WHERE c.deal_id = s.id AND c.role IN (${join(dim.roles)}) AND (rs.first_at IS NULL OR c.created_at <= rs.first_at)
        ) THEN 'yes' ELSE 'no' END`;
      return sql`SELECT s.id AS deal_id, ${yes} AS value, ${yes} AS label FROM ${src} s LEFT JOIN (${reached}) rs ON rs.deal_id = s.id`;
    }
  }
}

/** seg(deal_id, grp, value, label): every deal of `source` once (grp 0), plus the dimension's rows (grp 1). */
export function segmentCte(dim: Dimension | null, source: 'df' | 'pop', stages: readonly RankedStage[]): Sql {
  const all = sql`SELECT id AS deal_id, 0 AS grp, NULL::text AS value, NULL::text AS label FROM ${raw(source)}`;
  if (dim === null) return sql`seg AS (${all})`;
  return sql`seg AS (${all} UNION ALL SELECT x.deal_id, 1, x.value, x.label FROM (${dimensionRows(dim, source, stages)}) x)`;
}

/** Completed stays in open stages: (deal_id, stage, days, left_at). */
export function staysCte(workspaceId: string): Sql {
  return sql`stays AS (
    SELECT y.deal_id, y.stage, extract(epoch FROM (y.left_at - y.entered))::float8 / 86400.0 AS days, y.left_at
    FROM (
      SELECT e.deal_id, e.to_stage AS stage, e.at AS entered,
             lead(e.at) OVER (PARTITION BY e.deal_id ORDER BY e.at, e.id) AS left_at
      FROM stage_event e WHERE e.workspace_id = ${workspaceId}
    ) y
    JOIN st ON st.key = y.stage AND st.kind = 'open'
    WHERE y.left_at IS NOT NULL
  )`;
}

// ---------------------------------------------------------------------------
// Row decoding: every numeric column is cast in SQL (::int, ::float8), so only
// null handling remains.

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
