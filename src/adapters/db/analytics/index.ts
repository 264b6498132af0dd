// The AnalyticsStore port in SQL: one query per metric family, aggregated in the
// database (PGlite and PostgreSQL run the same statements). See fragments.ts for the
// shared CTEs and docs/metrics.md for the definitions.

import type {
  AnalyticsStore,
  FactorRow,
  FlowRow,
  NamedDimension,
  OutcomeRow,
  PipelineRow,
  RankedStage,
  Scope,
  StageWinRow,
  StaleQuery,
  StaleRow,
  StayLimitRow,
  StayRow,
} from '../../../core/analytics/types.js';
import type { PrismaClient } from '../../../../generated/prisma/index.js';
import { markUnavailable } from '../unavailable.js';
import {
  base,
  dimensionRows,
  empty,
  inWindow,
  join,
  num,
  numOrNull,
  openCount,
  segmentCte,
  sql,
  stageCte,
  staysCte,
  strOrNull,
  type Sql,
} from './fragments.js';

type Row = Record<string, unknown>;

function group(r: Row) {
  return { all: num(r.grp) === 0, value: strOrNull(r.value), label: strOrNull(r.label) };
}

/** The population of a scope: cohort = created in the window; `closedIn` = standing win/loss in the window. */
function population(scope: Scope, basis: 'created' | 'closed'): Sql {
  if (basis === 'created') return sql`pop AS (SELECT * FROM df WHERE ${inWindow(sql`created_at`, scope.window)})`;
  return sql`pop AS (SELECT * FROM df WHERE cur_kind IN ('won', 'lost') AND ${inWindow(sql`stage_entered_at`, scope.window)})`;
}

export class SqlAnalyticsStore implements AnalyticsStore {
  constructor(private readonly prisma: PrismaClient) {}

  private query(q: Sql): Promise<Row[]> {
    return this.prisma.$queryRaw<Row[]>(q);
  }

  async flow(scope: Scope): Promise<FlowRow[]> {
    const k = openCount(scope.stages);
    const { workspaceId: ws, stages, window } = scope;
    let q: Sql;
    if (scope.view === 'cohort') {
      q = sql`${base(ws, stages)}, ${population(scope, 'created')}, ${segmentCte(scope.dimension, 'pop', stages)}
        SELECT seg.grp, seg.value, min(seg.label) AS label, k.rnk AS rank,
               count(*) FILTER (WHERE p.max_rank >= k.rnk)::int AS reached,
               count(*) FILTER (WHERE p.max_rank = k.rnk AND p.cur_kind = 'lost')::int AS lost_here,
               count(*) FILTER (WHERE p.max_rank = k.rnk AND p.cur_kind = 'open')::int AS open_here
        FROM pop p JOIN seg ON seg.deal_id = p.id CROSS JOIN generate_series(0, ${k}::int) AS k(rnk)
        GROUP BY seg.grp, seg.value, k.rnk`;
    } else {
      // Activity: the first time each deal reached each open stage is the event that
      // raised its running maximum rank past it (skips reach several stages at once).
      q = sql`${base(ws, stages)},
        runs AS (
          SELECT deal_id, at,
                 max(r) OVER (PARTITION BY deal_id ORDER BY at, id ROWS UNBOUNDED PRECEDING) AS run_max,
                 max(r) OVER (PARTITION BY deal_id ORDER BY at, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_max
          FROM ev
        ),
        moves(deal_id, rnk, kind) AS (
          SELECT ru.deal_id, k.rnk, 'reached'
          FROM runs ru JOIN generate_series(0, ${k - 1}::int) AS k(rnk)
            ON k.rnk > coalesce(ru.prev_max, -1) AND k.rnk <= ru.run_max
          WHERE ru.run_max > coalesce(ru.prev_max, -1) AND ${inWindow(sql`ru.at`, window)}
          UNION ALL
          SELECT id, ${k}::int, 'reached' FROM df WHERE cur_kind = 'won' AND ${inWindow(sql`stage_entered_at`, window)}
          UNION ALL
          SELECT id, max_rank, 'lost' FROM df WHERE cur_kind = 'lost' AND ${inWindow(sql`stage_entered_at`, window)}
        ),
        ${segmentCte(scope.dimension, 'df', stages)}
        SELECT seg.grp, seg.value, min(seg.label) AS label, m.rnk AS rank,
               count(*) FILTER (WHERE m.kind = 'reached')::int AS reached,
               count(*) FILTER (WHERE m.kind = 'lost')::int AS lost_here,
               0 AS open_here
        FROM moves m JOIN seg ON seg.deal_id = m.deal_id
        GROUP BY seg.grp, seg.value, m.rnk`;
    }
    const rows = await this.query(q);
    return rows.map((r) => ({
      ...group(r),
      rank: num(r.rank),
      reached: num(r.reached),
      lostHere: num(r.lost_here),
      openHere: num(r.open_here),
    }));
  }

  async stays(scope: Scope): Promise<StayRow[]> {
    const { workspaceId: ws, stages, window } = scope;
    const cohort = scope.view === 'cohort';
    const q = sql`${base(ws, stages)}, ${population(scope, 'created')}, ${staysCte(ws)},
      ${segmentCte(scope.dimension, cohort ? 'pop' : 'df', stages)}
      SELECT seg.grp, seg.value, min(seg.label) AS label, s.stage,
             count(*)::int AS n,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY s.days) AS median,
             percentile_cont(0.75) WITHIN GROUP (ORDER BY s.days) AS p75,
             avg(s.days)::float8 AS mean
      FROM stays s JOIN seg ON seg.deal_id = s.deal_id
      ${cohort ? empty : sql`WHERE ${inWindow(sql`s.left_at`, window)}`}
      GROUP BY seg.grp, seg.value, s.stage`;
    const rows = await this.query(q);
    return rows.map((r) => ({
      ...group(r),
      stage: String(r.stage),
      n: num(r.n),
      median: numOrNull(r.median),
      p75: numOrNull(r.p75),
      mean: numOrNull(r.mean),
    }));
  }

  async outcomes(scope: Scope, fromRank: number): Promise<OutcomeRow[]> {
    const { workspaceId: ws, stages } = scope;
    const won = sql`p.cur_kind = 'won'`;
    const cycle = sql`extract(epoch FROM (p.stage_entered_at - p.created_at))::float8 / 86400.0`;
    const q = sql`${base(ws, stages)}, ${population(scope, scope.view === 'cohort' ? 'created' : 'closed')},
      ${segmentCte(scope.dimension, 'pop', stages)}
      SELECT seg.grp, seg.value, min(seg.label) AS label,
             count(*)::int AS deals,
             count(*) FILTER (WHERE p.cur_kind = 'open')::int AS open,
             count(*) FILTER (WHERE ${won})::int AS won,
             count(*) FILTER (WHERE p.cur_kind = 'lost')::int AS lost,
             count(*) FILTER (WHERE p.cur_kind = 'lost' AND p.max_rank >= ${fromRank}::int)::int AS lost_reached,
             count(*) FILTER (WHERE p.cur_kind = 'lost' AND p.lost_reason = 'competitor')::int AS lost_to_competitor,
             coalesce(sum(p.amount) FILTER (WHERE ${won}), 0)::float8 AS won_value,
             coalesce(sum(p.amount) FILTER (WHERE p.cur_kind = 'lost'), 0)::float8 AS lost_value,
             coalesce(sum(p.amount) FILTER (WHERE p.cur_kind = 'open'), 0)::float8 AS open_value,
             count(*) FILTER (WHERE ${won})::int AS cycle_n,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY ${cycle}) FILTER (WHERE ${won}) AS cycle_median,
             avg(${cycle}) FILTER (WHERE ${won})::float8 AS cycle_mean,
             percentile_cont(0.75) WITHIN GROUP (ORDER BY ${cycle}) FILTER (WHERE ${won}) AS cycle_p75,
             count(p.amount) FILTER (WHERE ${won})::int AS size_n,
             avg(p.amount) FILTER (WHERE ${won})::float8 AS size_mean,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY p.amount) FILTER (WHERE ${won}) AS size_median
      FROM pop p JOIN seg ON seg.deal_id = p.id
      GROUP BY seg.grp, seg.value`;
    const rows = await this.query(q);
    return rows.map((r) => ({
      ...group(r),
      deals: num(r.deals),
      open: num(r.open),
      won: num(r.won),
      lost: num(r.lost),
      lostReached: num(r.lost_reached),
      lostToCompetitor: num(r.lost_to_competitor),
      wonValue: num(r.won_value),
      lostValue: num(r.lost_value),
      openValue: num(r.open_value),
      cycleN: num(r.cycle_n),
      cycleMedian: numOrNull(r.cycle_median),
      cycleMean: numOrNull(r.cycle_mean),
      cycleP75: numOrNull(r.cycle_p75),
      sizeN: num(r.size_n),
      sizeMean: numOrNull(r.size_mean),
      sizeMedian: numOrNull(r.size_median),
    }));
  }

  async pipeline(scope: Scope): Promise<{ rows: PipelineRow[]; winRates: StageWinRow[] }> {
    const { workspaceId: ws, stages } = scope;
    const open = sql`${base(ws, stages)}, pop AS (SELECT * FROM df WHERE cur_kind = 'open'),
      ${segmentCte(scope.dimension, 'pop', stages)}
      SELECT seg.grp, seg.value, min(seg.label) AS label, p.stage,
             count(*)::int AS count,
             coalesce(sum(p.amount), 0)::float8 AS amount,
             count(*) FILTER (WHERE p.amount IS NULL)::int AS unpriced
      FROM pop p JOIN seg ON seg.deal_id = p.id
      GROUP BY seg.grp, seg.value, p.stage`;
    const rates = sql`${base(ws, stages)}
      SELECT st.key AS stage,
             count(d.id) FILTER (WHERE d.cur_kind = 'won')::int AS won,
             count(d.id) FILTER (WHERE d.cur_kind = 'lost')::int AS lost
      FROM st JOIN df d ON d.max_rank >= st.rnk AND d.cur_kind IN ('won', 'lost')
      WHERE st.kind = 'open'
      GROUP BY st.key`;
    const [openRows, rateRows] = [await this.query(open), await this.query(rates)];
    return {
      rows: openRows.map((r) => ({
        ...group(r),
        stage: String(r.stage),
        count: num(r.count),
        amount: num(r.amount),
        unpriced: num(r.unpriced),
      })),
      winRates: rateRows.map((r) => ({ stage: String(r.stage), won: num(r.won), lost: num(r.lost) })),
    };
  }

  async factors(scope: Omit<Scope, 'dimension'>, dimensions: NamedDimension[], fromRank: number): Promise<FactorRow[]> {
    if (dimensions.length === 0) return [];
    const { workspaceId: ws, stages } = scope;
    const parts = dimensions.map(
      (d) => sql`SELECT x.deal_id, ${d.name}::text AS dim, x.value, x.label FROM (${dimensionRows(d.dimension, 'pop', stages)}) x`,
    );
    const basis = scope.view === 'cohort' ? 'created' : 'closed';
    const q = sql`${base(ws, stages)}, ${population({ ...scope, dimension: null }, basis)},
      fs AS (${join(parts, ' UNION ALL ')})
      SELECT fs.dim, fs.value, min(fs.label) AS label, GROUPING(fs.value)::int AS total,
             count(DISTINCT p.id) FILTER (WHERE p.cur_kind = 'won')::int AS won,
             count(DISTINCT p.id) FILTER (WHERE p.cur_kind = 'lost')::int AS lost
      FROM pop p JOIN fs ON fs.deal_id = p.id
      WHERE p.cur_kind IN ('won', 'lost') AND p.max_rank >= ${fromRank}::int
      GROUP BY GROUPING SETS ((fs.dim, fs.value), (fs.dim))`;
    const rows = await this.query(q);
    return rows.map((r) => ({
      dimension: String(r.dim),
      value: num(r.total) === 1 ? null : strOrNull(r.value),
      label: num(r.total) === 1 ? null : strOrNull(r.label),
      total: num(r.total) === 1,
      won: num(r.won),
      lost: num(r.lost),
    }));
  }

  async stayLimits(workspaceId: string, stages: RankedStage[]): Promise<StayLimitRow[]> {
    const q = sql`WITH ${stageCte(stages)}, ${staysCte(workspaceId)}
      SELECT stage, count(*)::int AS n,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median,
             percentile_cont(0.75) WITHIN GROUP (ORDER BY days) AS p75
      FROM stays GROUP BY stage`;
    const rows = await this.query(q);
    return rows.map((r) => ({ stage: String(r.stage), n: num(r.n), median: numOrNull(r.median), p75: numOrNull(r.p75) }));
  }

  async staleDeals(query: StaleQuery): Promise<{ rows: StaleRow[]; checked: number; stale: number }> {
    if (query.limits.length === 0) return { rows: [], checked: 0, stale: 0 };
    const lim = join(query.limits.map((l) => sql`(${l.stage}::text, ${l.days}::float8)`));
    const owner = query.owner === null ? empty : sql`AND d.owner = ${query.owner}`;
    const open = sql`WITH lim(stage, days) AS (VALUES ${lim}),
      o AS (
        SELECT d.name, d.owner, d.stage, d.amount::float8 AS amount, d.currency, d.stage_entered_at,
               extract(epoch FROM (${query.now}::timestamptz - d.stage_entered_at))::float8 / 86400.0 AS days,
               lim.days AS lim_days
        FROM deal d JOIN lim ON lim.stage = d.stage
        WHERE d.workspace_id = ${query.workspaceId} ${owner}
      )`;
    const [countRows, rows] = [
      await this.query(sql`${open} SELECT count(*)::int AS n, count(*) FILTER (WHERE days > lim_days)::int AS stale FROM o`),
      await this.query(sql`${open}
        SELECT * FROM o WHERE days > lim_days
        ORDER BY days / lim_days DESC, days DESC, name
        LIMIT ${query.max}::int`),
    ];
    return {
      checked: num(countRows[0]?.n),
      stale: num(countRows[0]?.stale),
      rows: rows.map((r) => ({
        name: String(r.name),
        owner: String(r.owner),
        stage: String(r.stage),
        amount: numOrNull(r.amount),
        currency: String(r.currency),
        enteredAt: r.stage_entered_at as Date,
        days: num(r.days),
        limit: num(r.lim_days),
      })),
    };
  }
}

/** The analytics store, with database outages marked for the UNAVAILABLE reply. */
export function createAnalyticsStore(prisma: PrismaClient): AnalyticsStore {
  return markUnavailable(new SqlAnalyticsStore(prisma));
}
