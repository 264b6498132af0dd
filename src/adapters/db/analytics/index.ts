// The AnalyticsStore port in SQL: one statement per command, aggregated in the database
// (PGlite and PostgreSQL run the same statements). See fragments.ts for the shared
// CTEs, parts.ts for what a statement can return and docs/metrics.md for the definitions.

import type {
  AnalyticsStore,
  FactorData,
  FlowRow,
  NamedDimension,
  OutcomeRow,
  PipelineRow,
  RankedStage,
  Scope,
  Snapshot,
  SnapshotPart,
  StageWinRow,
  StaleQuery,
  StaleRow,
  StayLimitRow,
  StayRow,
} from '../../../core/analytics/types.js';
import type { PrismaClient } from '../../../../generated/prisma/index.js';
import { markUnavailable } from '../unavailable.js';
import { reachRanks } from './dimensions.js';
import { factorStatement } from './factors.js';
import {
  dealCte,
  empty,
  eventCte,
  join,
  jsonRows,
  num,
  numOrNull,
  sql,
  stageCte,
  staysCte,
  strOrNull,
  type Sql,
} from './fragments.js';
import { activityFlow, cohortFlow, openPipeline, outcomeStats, stageWinRates, stayStats } from './parts.js';
import { populationCte, populations, type Population } from './population.js';

type Row = Record<string, unknown>;

function group(r: Row) {
  return { all: num(r.grp) === 0, value: strOrNull(r.value), label: strOrNull(r.label) };
}

function rowsOf(x: unknown): Row[] {
  return Array.isArray(x) ? (x as Row[]) : [];
}

const decode = {
  flow: (r: Row): FlowRow => ({
    ...group(r),
    rank: num(r.rank),
    reached: num(r.reached),
    lostHere: num(r.lost_here),
    openHere: num(r.open_here),
  }),
  stays: (r: Row): StayRow => ({
    ...group(r),
    stage: String(r.stage),
    n: num(r.n),
    median: numOrNull(r.median),
    p75: numOrNull(r.p75),
    mean: numOrNull(r.mean),
  }),
  outcomes: (r: Row): OutcomeRow => ({
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
  }),
  pipeline: (r: Row): PipelineRow => ({
    ...group(r),
    stage: String(r.stage),
    count: num(r.count),
    amount: num(r.amount),
    unpriced: num(r.unpriced),
  }),
  winRates: (r: Row): StageWinRow => ({ stage: String(r.stage), won: num(r.won), lost: num(r.lost) }),
} satisfies { [P in SnapshotPart]: (r: Row) => Snapshot[P][number] };

export class SqlAnalyticsStore implements AnalyticsStore {
  constructor(private readonly prisma: PrismaClient) {}

  private query(q: Sql): Promise<Row[]> {
    return this.prisma.$queryRaw<Row[]>(q);
  }

  async snapshot<P extends SnapshotPart>(scope: Scope, parts: readonly P[], fromRank = 0): Promise<Pick<Snapshot, P>> {
    const { workspaceId: ws, stages, window, dimension: dim } = scope;
    const want = new Set<SnapshotPart>(parts);
    const cohort = scope.view === 'cohort';
    const plan = populations(scope.view, window, want.has('pipeline') || want.has('winRates'));
    const cohortPop = plan.cohort;
    const outcomePop = plan.closed;
    const pops = new Set<Population>();
    const columns: Sql[] = [];
    if (want.has('flow')) {
      columns.push(sql`${jsonRows(cohort ? cohortFlow(cohortPop, dim, stages) : activityFlow(dim, stages, window))} AS flow`);
      if (cohort) pops.add(cohortPop);
    }
    if (want.has('stays')) {
      const source: Population = cohort ? cohortPop : 'df';
      columns.push(sql`${jsonRows(stayStats(source, dim, stages, cohort ? null : window))} AS stays`);
      pops.add(source);
    }
    if (want.has('outcomes')) {
      columns.push(sql`${jsonRows(outcomeStats(outcomePop, dim, stages, fromRank))} AS outcomes`);
      pops.add(outcomePop);
    }
    if (want.has('pipeline')) columns.push(sql`${jsonRows(openPipeline(dim, stages))} AS pipeline`);
    if (want.has('winRates')) columns.push(sql`${jsonRows(stageWinRates())} AS "winRates"`);
    if (columns.length === 0) return {} as Pick<Snapshot, P>;

    const ctes: Sql[] = [stageCte(stages)];
    if (want.has('flow') && !cohort) ctes.push(eventCte(ws, stages));
    ctes.push(dealCte(ws, stages, dim ? reachRanks([dim], stages) : [], plan.dealsCreatedIn));
    if (pops.has('coh')) ctes.push(populationCte('coh', window));
    if (pops.has('clo')) ctes.push(populationCte('clo', window));
    if (want.has('stays')) ctes.push(staysCte(ws, plan.dealsCreatedIn !== null));
    const [row] = await this.query(sql`WITH ${join(ctes)} SELECT ${join(columns)}`);
    const out: Partial<Record<SnapshotPart, unknown[]>> = {};
    for (const part of want) {
      const decodeRow: (r: Row) => unknown = decode[part];
      out[part] = rowsOf(row?.[part]).map((r) => decodeRow(r));
    }
    return out as Pick<Snapshot, P>;
  }

  async factors(scope: Omit<Scope, 'dimension'>, dimensions: NamedDimension[], fromRank: number): Promise<FactorData> {
    const [row] = await this.query(factorStatement(scope, dimensions, fromRank));
    const population = (row?.population ?? {}) as Row;
    return {
      population: { won: num(population.won), lost: num(population.lost) },
      rows: rowsOf(row?.rows).map((r) => ({
        dimension: String(r.dim),
        value: strOrNull(r.value),
        label: strOrNull(r.label),
        won: num(r.won),
        lost: num(r.lost),
      })),
    };
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
