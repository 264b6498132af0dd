// The parts a command's statement can hold, each a query over the CTEs of fragments.ts
// (st, ev, dd, df, the populations, stays) and mv (below), returning a few rows per
// group. Counts are aggregated to the smallest grouping first (deals per furthest rank
// and state, not deals × stages) and expanded to stages when read (decode.ts).

import { openCount } from '../../../core/analytics/ranks.js';
import type { Dimension, RankedStage, TimeWindow } from '../../../core/analytics/types.js';
import { allRows, dimensionRows, reachRanks, type DealScope } from './dimensions.js';
import { daysBetween, inWindow, join, raw, sql, type Sql } from './fragments.js';
import type { Population } from './population.js';

/** What every part is about: the pipeline, the dimension (if any) and the deals df holds. */
export interface PartScope {
  stages: readonly RankedStage[];
  dim: Dimension | null;
  deals: DealScope;
}

const GROUP = sql`g.grp, g.value, min(g.label) AS label`;

/**
 * `body` over the whole population, then over the dimension's rows: two smaller
 * aggregations (hashed or sorted apart) rather than one over twice the rows.
 */
function perGroup(source: Sql, p: PartScope, body: (rows: Sql) => Sql): Sql {
  const all = body(allRows(source));
  return p.dim === null ? all : sql`${all} UNION ALL ${body(dimensionRows(source, p.dim, p.stages, p.deals))}`;
}

/**
 * Cohort flow as a census: deals of `source` per group, furthest rank and standing state
 * (a few rows per group; decode.ts flowFromCensus expands them to every rank 0..K).
 */
export function cohortCensus(source: Population, p: PartScope): Sql {
  return perGroup(
    raw(source),
    p,
    (rows) => sql`SELECT ${GROUP}, g.max_rank, g.cur_kind, count(*)::int AS n
      FROM (${rows}) g GROUP BY g.grp, g.value, g.max_rank, g.cur_kind`,
  );
}

/**
 * mv, the activity view's moves: the first time each deal reached each open stage is
 * the event that raised its running maximum rank past it (a skip reaches several stages
 * at once); standing wins and losses count when they happened. Needs ev and df.
 */
export function movesCte(stages: readonly RankedStage[], window: TimeWindow | null): Sql {
  const k = openCount(stages);
  return sql`mv AS (
    SELECT ru.deal_id, r.rnk, 'reached' AS kind
    FROM (
      SELECT deal_id, at,
             max(r) OVER (PARTITION BY deal_id ORDER BY at, id ROWS UNBOUNDED PRECEDING) AS run_max,
             max(r) OVER (PARTITION BY deal_id ORDER BY at, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_max
      FROM ev
    ) ru JOIN generate_series(0, ${k - 1}::int) AS r(rnk) ON r.rnk > coalesce(ru.prev_max, -1) AND r.rnk <= ru.run_max
    WHERE ru.run_max > coalesce(ru.prev_max, -1) AND ${inWindow(sql`ru.at`, window)}
    UNION ALL
    SELECT id, ${k}::int, 'reached' FROM df WHERE cur_kind = 'won' AND ${inWindow(sql`stage_entered_at`, window)}
    UNION ALL
    SELECT id, max_rank, 'lost' FROM df WHERE cur_kind = 'lost' AND ${inWindow(sql`stage_entered_at`, window)}
  )`;
}

/** Activity flow per group and rank from mv; every move is of a deal of df, so the whole population needs no join. */
export function activityFlow(p: PartScope): Sql {
  const counts = sql`count(*) FILTER (WHERE m.kind = 'reached')::int AS reached,
      count(*) FILTER (WHERE m.kind = 'lost')::int AS lost_here, 0 AS open_here`;
  const all = sql`SELECT 0 AS grp, NULL::text AS value, NULL::text AS label, m.rnk AS rank, ${counts} FROM mv m GROUP BY m.rnk`;
  if (p.dim === null) return all;
  return sql`${all} UNION ALL
    SELECT ${GROUP}, m.rnk AS rank, ${counts}
    FROM mv m JOIN (${dimensionRows(sql`df`, p.dim, p.stages, p.deals)}) g ON g.id = m.deal_id
    GROUP BY g.grp, g.value, m.rnk`;
}

/**
 * Completed stays per group: for the open stage at index i, n<i> and q<i> = [median,
 * p75]. One filtered aggregate per stage sorts only that stage's stays, instead
 * of sorting every stay by stage first. Of the deals of `source` (cohort), or the
 * stays that ended in `window` (activity). Needs stays.
 */
export function stayStats(source: Population, p: PartScope, window: TimeWindow | null): Sql {
  const open = p.stages.filter((s) => s.kind === 'open');
  const stats = join(
    open.map((s, i) => {
      const only = sql`FILTER (WHERE s.stage = ${s.key}::text)`;
      return sql`count(*) ${only}::int AS ${raw(`n${i}`)},
        percentile_cont(ARRAY[0.5, 0.75]) WITHIN GROUP (ORDER BY s.days) ${only} AS ${raw(`q${i}`)}`;
    }),
  );
  const ended = window === null ? sql`TRUE` : inWindow(sql`s.left_at`, window);
  // Every stay belongs to a deal of df: the whole of df needs no join.
  const whole = sql`SELECT 0 AS grp, NULL::text AS value, NULL::text AS label, ${stats} FROM stays s WHERE ${ended}`;
  const joined = (rows: Sql) => sql`SELECT ${GROUP}, ${stats}
    FROM stays s JOIN (${rows}) g ON g.id = s.deal_id
    WHERE ${ended}
    GROUP BY g.grp, g.value`;
  const all = source === 'df' ? whole : joined(allRows(raw(source)));
  return p.dim === null ? all : sql`${all} UNION ALL ${joined(dimensionRows(raw(source), p.dim, p.stages, p.deals))}`;
}

/** Every deal reached the first stage: only a later one needs max_rank (and so the events). */
export function outcomesNeedRank(fromRank: number): boolean {
  return fromRank > 0;
}

/** Outcomes, sales cycle and deal size of the deals of `source`. */
export function outcomeStats(source: Population, p: PartScope, fromRank: number): Sql {
  const won = sql`g.cur_kind = 'won'`;
  const cycle = daysBetween(sql`g.created_at`, sql`g.stage_entered_at`);
  const reached = outcomesNeedRank(fromRank) ? sql`g.max_rank >= ${fromRank}::int` : sql`TRUE`;
  return perGroup(
    raw(source),
    p,
    (rows) => sql`SELECT ${GROUP},
      count(*)::int AS deals,
      count(*) FILTER (WHERE g.cur_kind = 'open')::int AS open,
      count(*) FILTER (WHERE ${won})::int AS won,
      count(*) FILTER (WHERE g.cur_kind = 'lost')::int AS lost,
      count(*) FILTER (WHERE g.cur_kind = 'lost' AND ${reached})::int AS lost_reached,
      count(*) FILTER (WHERE g.cur_kind = 'lost' AND g.lost_reason = 'competitor')::int AS lost_to_competitor,
      coalesce(sum(g.amount) FILTER (WHERE ${won}), 0)::float8 AS won_value,
      coalesce(sum(g.amount) FILTER (WHERE g.cur_kind = 'lost'), 0)::float8 AS lost_value,
      count(*) FILTER (WHERE ${won})::int AS cycle_n,
      percentile_cont(ARRAY[0.5, 0.75]) WITHIN GROUP (ORDER BY ${cycle}) FILTER (WHERE ${won}) AS cycle_q,
      avg(${cycle}) FILTER (WHERE ${won})::float8 AS cycle_mean,
      count(g.amount) FILTER (WHERE ${won})::int AS size_n,
      avg(g.amount) FILTER (WHERE ${won})::float8 AS size_mean,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY g.amount) FILTER (WHERE ${won}) AS size_median
    FROM (${rows}) g
    GROUP BY g.grp, g.value`,
  );
}

/** Open deals now per group and current stage (the period does not apply); from dd unless the dimension needs df's event columns. */
export function openPipeline(p: PartScope): Sql {
  const source = p.dim && reachRanks([p.dim], p.stages).length > 0 ? 'df' : 'dd';
  return perGroup(
    sql`(SELECT * FROM ${raw(source)} WHERE cur_kind = 'open')`,
    p,
    (rows) => sql`SELECT ${GROUP}, g.stage,
      count(*)::int AS count,
      coalesce(sum(g.amount), 0)::float8 AS amount,
      count(*) FILTER (WHERE g.amount IS NULL)::int AS unpriced
    FROM (${rows}) g
    GROUP BY g.grp, g.value, g.stage`,
  );
}

/** Every open stage's all-time outcome among the closed deals that reached it. */
export function stageWinRates(): Sql {
  return sql`SELECT st.key AS stage,
      coalesce(sum(d.n) FILTER (WHERE d.cur_kind = 'won'), 0)::int AS won,
      coalesce(sum(d.n) FILTER (WHERE d.cur_kind = 'lost'), 0)::int AS lost
    FROM st JOIN (
      SELECT max_rank, cur_kind, count(*) AS n FROM df WHERE cur_kind IN ('won', 'lost') GROUP BY max_rank, cur_kind
    ) d ON d.max_rank >= st.rnk
    WHERE st.kind = 'open'
    GROUP BY st.key`;
}
