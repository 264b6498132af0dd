// The AnalyticsStore port in SQL: one statement per command, aggregated in the database
// (PGlite and PostgreSQL run the same statements). See fragments.ts for the shared
// CTEs, parts.ts for what a statement can return and docs/metrics.md for the definitions.

import type {
  AnalyticsStore,
  FactorData,
  NamedDimension,
  RankedStage,
  Scope,
  Snapshot,
  SnapshotPart,
  StaleQuery,
  StaleRow,
  StayLimitRow,
} from '../../../core/analytics/types.js';
import type { SqlConnection } from '../sql.js';
import { markUnavailable } from '../unavailable.js';
import { dealColumns, reachRanks } from './dimensions.js';
import { factorStatement } from './factors.js';
import {
  daysBetween,
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
  type Sql,
} from './fragments.js';
import { decoders, factorRows, flowFromCensus, rowsOf, winRatesFromFlow, type Row } from './decode.js';
import {
  activityFlow,
  cohortCensus,
  movesCte,
  openPipeline,
  outcomesNeedRank,
  outcomeStats,
  stageWinRates,
  stayStats,
  type PartScope,
} from './parts.js';
import { populationCte, populations, type Population } from './population.js';

export class SqlAnalyticsStore implements AnalyticsStore {
  // The driver directly: these statements are SQL already, and going through Prisma's
  // query interpreter cost 1–2.6 ms per statement at 10k events (a tenth of the work).
  constructor(private readonly db: SqlConnection) {}

  private query(q: Sql): Promise<Row[]> {
    return this.db.query<Row>(q.text, q.values);
  }

  async snapshot<P extends SnapshotPart>(scope: Scope, parts: readonly P[], fromRank = 0): Promise<Pick<Snapshot, P>> {
    const { workspaceId: ws, stages, window, dimension: dim } = scope;
    const want = new Set<SnapshotPart>(parts);
    const cohort = scope.view === 'cohort';
    const plan = populations(scope.view, window, want.has('pipeline') || want.has('winRates'));
    const p: PartScope = { stages, dim, deals: { workspaceId: ws, createdIn: plan.dealsCreatedIn } };
    const pops = new Set<Population>();
    const columns: Sql[] = [];
    // All time the cohort is every deal: its census gives the stage win rates too.
    const ratesFromFlow = cohort && want.has('flow') && want.has('winRates') && plan.cohort === 'df';
    if (want.has('flow')) {
      columns.push(sql`${jsonRows(cohort ? cohortCensus(plan.cohort, p) : activityFlow(p))} AS flow`);
      if (cohort) pops.add(plan.cohort);
    }
    if (want.has('stays')) {
      const source: Population = cohort ? plan.cohort : 'df';
      columns.push(sql`${jsonRows(stayStats(source, p, cohort ? null : window))} AS stays`);
      pops.add(source);
    }
    if (want.has('outcomes')) {
      columns.push(sql`${jsonRows(outcomeStats(plan.closed, p, fromRank))} AS outcomes`);
      pops.add(plan.closed);
    }
    if (want.has('pipeline')) columns.push(sql`${jsonRows(openPipeline(p))} AS pipeline`);
    if (want.has('winRates') && !ratesFromFlow) columns.push(sql`${jsonRows(stageWinRates())} AS "winRates"`);
    if (columns.length === 0) return {} as Pick<Snapshot, P>;

    // st only for the stage win rates (the other parts map stages to ranks with CASE).
    const ctes: Sql[] = want.has('winRates') && !ratesFromFlow ? [stageCte(stages)] : [];
    if (want.has('flow') && !cohort) ctes.push(eventCte(ws, stages));
    ctes.push(
      dealCte(ws, stages, {
        columns: dim ? dealColumns([dim]) : [],
        maxRank: want.has('flow') || want.has('winRates') || (want.has('outcomes') && outcomesNeedRank(fromRank)),
        reachRanks: dim ? reachRanks([dim], stages) : [],
        createdIn: plan.dealsCreatedIn,
      }),
    );
    if (want.has('flow') && !cohort) ctes.push(movesCte(stages, window));
    if (pops.has('coh')) ctes.push(populationCte('coh', window));
    if (pops.has('clo')) ctes.push(populationCte('clo', window));
    if (want.has('stays')) ctes.push(staysCte(ws, stages, plan.dealsCreatedIn !== null));
    const [row] = await this.query(sql`WITH ${join(ctes)} SELECT ${join(columns)}`);
    const out: Partial<Snapshot> = {};
    for (const part of want) {
      // The cohort flow arrives as a census; all time the stage win rates come from it.
      if ((part === 'flow' && cohort) || (part === 'winRates' && ratesFromFlow)) continue;
      const decodePart: (rows: Row[], s: readonly RankedStage[]) => unknown = decoders[part];
      (out as Record<SnapshotPart, unknown>)[part] = decodePart(rowsOf(row?.[part]), stages);
    }
    if (want.has('flow') && cohort) out.flow = flowFromCensus(rowsOf(row?.flow), stages);
    if (ratesFromFlow) out.winRates = winRatesFromFlow(out.flow ?? [], stages);
    return out as Pick<Snapshot, P>;
  }

  async factors(scope: Omit<Scope, 'dimension'>, dimensions: NamedDimension[], fromRank: number): Promise<FactorData> {
    const [row] = await this.query(factorStatement(scope, dimensions, fromRank));
    const rows = rowsOf(row?.rows);
    const population = rows.find((r) => r.dim === null);
    return { population: { won: num(population?.won), lost: num(population?.lost) }, rows: factorRows(rows) };
  }

  async stayLimits(workspaceId: string, stages: RankedStage[]): Promise<StayLimitRow[]> {
    const q = sql`WITH ${staysCte(workspaceId, stages)}
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
               ${daysBetween(sql`d.stage_entered_at`, sql`${query.now}::timestamptz`)} AS days,
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
export function createAnalyticsStore(db: SqlConnection): AnalyticsStore {
  return markUnavailable(new SqlAnalyticsStore(db));
}
