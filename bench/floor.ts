// The floor: for each analytics command, ONE hand-written SQL statement that computes
// every number the command's `--json` reply carries, for the bench's case: the default
// pipeline (lead → opportunity → qualified → proposal → negotiation, won, lost; stage keys
// and ranks written literally), cohort view, all time, the workspace id as $1.
//
//   funnel all    FUNNEL_SQL   per open stage reached / lost here / open here and the
//                              completed stays (count, median, p75); deals, won, lost
//   metrics all   METRICS_SQL  the counts, sales cycle, deal size, open pipeline per stage
//                              and each stage's all-time closed history (won, lost)
//   winloss all   WINLOSS_SQL  the closed population and, for every default dimension,
//                              won and closed per value
//
// Ratios and other trivial arithmetic on these counts (conversions, win rates, weighted
// pipeline, "the rest" of a factor) are computed here in TypeScript from the floor's own
// numbers. Not recomputed (they are statistics over the same counts, not database work):
// Wilson bounds, Fisher p, BH q and the factor status.
//
// compareFunnel / compareMetrics / compareWinloss list every difference between an
// engine reply's `data` and the floor's numbers (empty = equal): counts exactly, other
// numbers with a relative tolerance of 1e-9, strings and nulls exactly, and every stage
// and every factor (dimension, value) present on one side must be present on the other.
// The engine omits nothing here: its funnel and pipeline have every open stage, its
// factors every value with at least one closed deal (the null value included), which is
// what the floor returns. Fields the floor does not compute (names, labels, sentences,
// the statistics above) are not compared.
//
// Semantics (docs/metrics.md; the engine's SQL in src/adapters/db/analytics/): an event
// into an open stage reaches its rank, into Won the last open rank (4); a deal's furthest
// rank is 5 when it stands at Won, else the highest rank of its events (at least 0);
// standing state = current stage (any stage other than won/lost counts as open). Team,
// industry and source are lower(btrim()), blank = not recorded; competitors and tags are
// lower(btrim()) per element, each distinct value once per deal; a deal with no
// competitor is 'none' when marked so, else not recorded (null), and one without tags not
// recorded. A NULL competitors or tags array counts as empty, i.e. not recorded
// (docs/metrics.md: "null when nothing was recorded"). The engine (244407e, 0a89a94)
// gives such a deal no row in those dimensions yet counts it in their totals, so it is
// missing from the null value and counted in "the rest" of every value; only rows
// written outside the app can show this (the app always stores an array), and the
// generated data has none.

import type { SqlConnection } from '../src/adapters/db/sql.js';
import type { MetricCounts } from '../src/core/analytics/metrics.js';
import type { Reply } from '../src/core/reply.js';

/** The default pipeline's open stages, in funnel order (rank = index). */
export const OPEN_STAGES = ['lead', 'opportunity', 'qualified', 'proposal', 'negotiation'] as const;

// ---------------------------------------------------------------------------
// The three statements

/**
 * funnel all. `m`: each deal's highest event rank (one hash aggregate over the events);
 * `d`: each deal's furthest rank f (5 when won now) and standing stage; `stays`: every
 * event's time until the deal's next event (NULL for the last, unfinished stay).
 */
export const FUNNEL_SQL = `
WITH m AS (
  SELECT deal_id,
         max(CASE to_stage WHEN 'lead' THEN 0 WHEN 'opportunity' THEN 1 WHEN 'qualified' THEN 2
                           WHEN 'proposal' THEN 3 WHEN 'negotiation' THEN 4 WHEN 'won' THEN 4 END) AS r
  FROM stage_event WHERE workspace_id = $1 GROUP BY deal_id
), d AS (
  SELECT d.stage, CASE WHEN d.stage = 'won' THEN 5 ELSE coalesce(m.r, 0) END AS f
  FROM deal d LEFT JOIN m ON m.deal_id = d.id
  WHERE d.workspace_id = $1
), stays AS (
  SELECT to_stage,
         (date_part('epoch', lead(at) OVER (PARTITION BY deal_id ORDER BY at, id)) - date_part('epoch', at)) / 86400 AS days
  FROM stage_event WHERE workspace_id = $1
)
SELECT * FROM (
  SELECT count(*)::int AS deals,
         count(*) FILTER (WHERE f >= 1)::int AS reached1,
         count(*) FILTER (WHERE f >= 2)::int AS reached2,
         count(*) FILTER (WHERE f >= 3)::int AS reached3,
         count(*) FILTER (WHERE f >= 4)::int AS reached4,
         count(*) FILTER (WHERE stage = 'won')::int AS won,
         count(*) FILTER (WHERE stage = 'lost')::int AS lost,
         count(*) FILTER (WHERE stage = 'lost' AND f = 0)::int AS lost0,
         count(*) FILTER (WHERE stage = 'lost' AND f = 1)::int AS lost1,
         count(*) FILTER (WHERE stage = 'lost' AND f = 2)::int AS lost2,
         count(*) FILTER (WHERE stage = 'lost' AND f = 3)::int AS lost3,
         count(*) FILTER (WHERE stage = 'lost' AND f = 4)::int AS lost4,
         count(*) FILTER (WHERE stage NOT IN ('won', 'lost') AND f = 0)::int AS open0,
         count(*) FILTER (WHERE stage NOT IN ('won', 'lost') AND f = 1)::int AS open1,
         count(*) FILTER (WHERE stage NOT IN ('won', 'lost') AND f = 2)::int AS open2,
         count(*) FILTER (WHERE stage NOT IN ('won', 'lost') AND f = 3)::int AS open3,
         count(*) FILTER (WHERE stage NOT IN ('won', 'lost') AND f = 4)::int AS open4
  FROM d
) deals, (
  SELECT count(days) FILTER (WHERE to_stage = 'lead')::int AS stays0,
         percentile_cont(ARRAY[0.5, 0.75]) WITHIN GROUP (ORDER BY days) FILTER (WHERE to_stage = 'lead') AS days0,
         count(days) FILTER (WHERE to_stage = 'opportunity')::int AS stays1,
         percentile_cont(ARRAY[0.5, 0.75]) WITHIN GROUP (ORDER BY days) FILTER (WHERE to_stage = 'opportunity') AS days1,
         count(days) FILTER (WHERE to_stage = 'qualified')::int AS stays2,
         percentile_cont(ARRAY[0.5, 0.75]) WITHIN GROUP (ORDER BY days) FILTER (WHERE to_stage = 'qualified') AS days2,
         count(days) FILTER (WHERE to_stage = 'proposal')::int AS stays3,
         percentile_cont(ARRAY[0.5, 0.75]) WITHIN GROUP (ORDER BY days) FILTER (WHERE to_stage = 'proposal') AS days3,
         count(days) FILTER (WHERE to_stage = 'negotiation')::int AS stays4,
         percentile_cont(ARRAY[0.5, 0.75]) WITHIN GROUP (ORDER BY days) FILTER (WHERE to_stage = 'negotiation') AS days4
  FROM stays
) stays`;

/**
 * metrics all. `lostN` = lost deals whose furthest rank is at least N (a stage's closed
 * history is every won deal plus those); open pipeline per current stage.
 */
export const METRICS_SQL = `
WITH m AS (
  SELECT deal_id,
         max(CASE to_stage WHEN 'lead' THEN 0 WHEN 'opportunity' THEN 1 WHEN 'qualified' THEN 2
                           WHEN 'proposal' THEN 3 WHEN 'negotiation' THEN 4 WHEN 'won' THEN 4 END) AS r
  FROM stage_event WHERE workspace_id = $1 GROUP BY deal_id
), d AS (
  SELECT d.stage, d.amount::float8 AS amount,
         CASE WHEN d.stage = 'won' THEN 5 ELSE coalesce(m.r, 0) END AS f,
         CASE WHEN d.stage = 'won' THEN (date_part('epoch', d.stage_entered_at) - date_part('epoch', d.created_at)) / 86400 END AS cycle
  FROM deal d LEFT JOIN m ON m.deal_id = d.id
  WHERE d.workspace_id = $1
)
SELECT count(*)::int AS leads,
       count(*) FILTER (WHERE f >= 1)::int AS opportunities,
       count(*) FILTER (WHERE f >= 2)::int AS qualified,
       count(*) FILTER (WHERE stage = 'won')::int AS won,
       count(*) FILTER (WHERE stage = 'lost')::int AS lost,
       count(*) FILTER (WHERE stage = 'lost' AND f >= 1)::int AS lost1,
       count(*) FILTER (WHERE stage = 'lost' AND f >= 2)::int AS lost2,
       count(*) FILTER (WHERE stage = 'lost' AND f >= 3)::int AS lost3,
       count(*) FILTER (WHERE stage = 'lost' AND f >= 4)::int AS lost4,
       avg(cycle) AS cycle_mean,
       percentile_cont(ARRAY[0.5, 0.75]) WITHIN GROUP (ORDER BY cycle) AS cycle_q,
       count(amount) FILTER (WHERE stage = 'won')::int AS size_n,
       sum(amount) FILTER (WHERE stage = 'won') AS size_total,
       avg(amount) FILTER (WHERE stage = 'won') AS size_mean,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY amount) FILTER (WHERE stage = 'won') AS size_median,
       count(*) FILTER (WHERE stage = 'lead')::int AS open0,
       sum(amount) FILTER (WHERE stage = 'lead') AS value0,
       count(*) FILTER (WHERE stage = 'lead' AND amount IS NULL)::int AS unpriced0,
       count(*) FILTER (WHERE stage = 'opportunity')::int AS open1,
       sum(amount) FILTER (WHERE stage = 'opportunity') AS value1,
       count(*) FILTER (WHERE stage = 'opportunity' AND amount IS NULL)::int AS unpriced1,
       count(*) FILTER (WHERE stage = 'qualified')::int AS open2,
       sum(amount) FILTER (WHERE stage = 'qualified') AS value2,
       count(*) FILTER (WHERE stage = 'qualified' AND amount IS NULL)::int AS unpriced2,
       count(*) FILTER (WHERE stage = 'proposal')::int AS open3,
       sum(amount) FILTER (WHERE stage = 'proposal') AS value3,
       count(*) FILTER (WHERE stage = 'proposal' AND amount IS NULL)::int AS unpriced3,
       count(*) FILTER (WHERE stage = 'negotiation')::int AS open4,
       sum(amount) FILTER (WHERE stage = 'negotiation') AS value4,
       count(*) FILTER (WHERE stage = 'negotiation' AND amount IS NULL)::int AS unpriced4
FROM d`;

/**
 * winloss all (from the first stage: every closed deal). `q`: when each deal first reached
 * Qualified (an event into qualified or beyond, Won included); `r`: whether a contact with
 * the role was on the deal by then (any time if it never got there). Single-valued
 * dimensions are grouping sets over one row per closed deal (the empty set is the
 * population, dimension '*'); competitors and tags are unnested, each deal's values made
 * distinct first (only deals holding two or more values need it).
 */
export const WINLOSS_SQL = `
WITH c AS NOT MATERIALIZED (
  SELECT id, stage = 'won' AS won, owner, team, industry, source, amount, competitors, no_competitor, tags
  FROM deal WHERE workspace_id = $1 AND stage IN ('won', 'lost')
), q AS (
  SELECT deal_id, min(at) AS at FROM stage_event
  WHERE workspace_id = $1 AND to_stage IN ('qualified', 'proposal', 'negotiation', 'won')
  GROUP BY deal_id
), r AS (
  SELECT ct.deal_id,
         bool_or(ct.role IN ('decision_maker', 'economic_buyer')) AS dm_or_eb,
         bool_or(ct.role = 'champion') AS champion,
         bool_or(ct.role = 'blocker') AS blocker
  FROM contact ct JOIN c ON c.id = ct.deal_id LEFT JOIN q ON q.deal_id = ct.deal_id
  WHERE q.at IS NULL OR ct.created_at <= q.at
  GROUP BY ct.deal_id
), s AS (
  SELECT c.won, c.owner,
         lower(nullif(btrim(c.team), '')) AS team,
         lower(nullif(btrim(c.industry), '')) AS industry,
         lower(nullif(btrim(c.source), '')) AS source,
         CASE WHEN c.amount IS NULL THEN NULL WHEN c.amount < 10000 THEN '0' WHEN c.amount < 25000 THEN '1'
              WHEN c.amount < 50000 THEN '2' WHEN c.amount < 100000 THEN '3' ELSE '4' END AS size,
         CASE WHEN r.dm_or_eb THEN 'yes' ELSE 'no' END AS dm_or_eb,
         CASE WHEN r.champion THEN 'yes' ELSE 'no' END AS champion,
         CASE WHEN r.blocker THEN 'yes' ELSE 'no' END AS blocker
  FROM c LEFT JOIN r ON r.deal_id = c.id
), multi(dim, value, won) AS (
  SELECT 'competitor', lower(btrim(v)), c.won
  FROM c CROSS JOIN LATERAL unnest(
    CASE WHEN cardinality(c.competitors) > 1 THEN ARRAY(SELECT DISTINCT lower(btrim(x)) FROM unnest(c.competitors) AS x)
         WHEN cardinality(c.competitors) = 1 THEN c.competitors
         ELSE ARRAY[CASE WHEN c.no_competitor THEN 'none' END] END) AS v
  UNION ALL
  SELECT 'tag', lower(btrim(v)), c.won
  FROM c CROSS JOIN LATERAL unnest(
    CASE WHEN cardinality(c.tags) > 1 THEN ARRAY(SELECT DISTINCT lower(btrim(x)) FROM unnest(c.tags) AS x)
         WHEN cardinality(c.tags) = 1 THEN c.tags
         ELSE ARRAY[NULL::text] END) AS v
)
SELECT CASE WHEN GROUPING(owner) = 0 THEN 'owner' WHEN GROUPING(team) = 0 THEN 'team'
            WHEN GROUPING(industry) = 0 THEN 'industry' WHEN GROUPING(source) = 0 THEN 'source'
            WHEN GROUPING(size) = 0 THEN 'size'
            WHEN GROUPING(dm_or_eb) = 0 THEN 'dm_or_eb-before-qualified'
            WHEN GROUPING(champion) = 0 THEN 'champion-before-qualified'
            WHEN GROUPING(blocker) = 0 THEN 'blocker-before-qualified' ELSE '*' END AS dim,
       coalesce(owner, team, industry, source, size, dm_or_eb, champion, blocker) AS value,
       count(*) FILTER (WHERE won)::int AS won,
       count(*)::int AS closed
FROM s
GROUP BY GROUPING SETS ((owner), (team), (industry), (source), (size), (dm_or_eb), (champion), (blocker), ())
UNION ALL
SELECT dim, value, count(*) FILTER (WHERE won)::int, count(*)::int FROM multi GROUP BY dim, value`;

// ---------------------------------------------------------------------------
// The numbers, shaped like the replies' `data` (the parts the floor computes)

type Num = number | null;

/** What every reply must be about: the cohort view, all time, no `by=`. */
interface Scope {
  view: 'cohort';
  period: { spec: 'all' };
  dimension: null;
}
const SCOPE: Scope = { view: 'cohort', period: { spec: 'all' }, dimension: null };

export interface FloorFunnelStage {
  stage: string;
  next: string;
  reached: number;
  conversion: Num;
  lost: number;
  dropOff: Num;
  open: number;
  openShare: Num;
  medianDays: Num;
  p75Days: Num;
  stays: number;
}

export interface FloorFunnel extends Scope {
  funnel: { deals: number; won: number; lost: number; winRate: Num; stages: FloorFunnelStage[] };
}

export interface FloorPipelineStage {
  stage: string;
  count: number;
  value: number;
  winRate: Num;
  weighted: Num;
  unpriced: number;
}

export interface FloorMetrics extends Scope {
  anchors: { lead: string; opportunity: string; qualified: string };
  metrics: {
    leadToOpportunity: Num;
    opportunityToQualified: Num;
    leadToQualified: Num;
    qualifiedWinRate: Num;
    salesCycleDays: { median: Num; mean: Num; p75: Num; n: number };
    qualifiedPerWin: Num;
    averageDealSize: { mean: Num; median: Num; n: number; total: number };
    pipelineValueByStage: FloorPipelineStage[];
  };
  /** The reply's counts (the shape is core's; the numbers are the floor's own); the Wilson bounds are not recomputed. */
  counts: Omit<MetricCounts, 'qualifiedWinRateLow' | 'qualifiedWinRateHigh'>;
}

export interface FloorFactor {
  dimension: string;
  value: string | null;
  won: number;
  closed: number;
  rate: Num;
  restWon: number;
  restClosed: number;
  restRate: Num;
  difference: Num;
}

export interface FloorWinloss extends Scope {
  from: string;
  population: { won: number; lost: number; closed: number; winRate: Num };
  factors: FloorFactor[];
}

const rate = (numerator: number, denominator: number): Num => (denominator > 0 ? numerator / denominator : null);

function numOrNull(x: unknown): Num {
  if (x === null || x === undefined) return null;
  const n = Number(x);
  return Number.isFinite(n) ? n : null;
}

/** percentile_cont(ARRAY[...]) comes back as a number[] (pg and PGlite both parse float8[]). */
function quantiles(x: unknown): [Num, Num] {
  if (!Array.isArray(x)) return [null, null];
  return [numOrNull(x[0]), numOrNull(x[1])];
}

type Row = Record<string, unknown>;

async function one(db: SqlConnection, sql: string, ws: string): Promise<Row> {
  const [row] = await db.query<Row>(sql, [ws]);
  if (!row) throw new Error('floor query returned no row');
  return row;
}

export async function floorFunnel(db: SqlConnection, ws: string): Promise<FloorFunnel> {
  const r = await one(db, FUNNEL_SQL, ws);
  const n = (key: string) => Number(r[key]);
  const reached = (i: number) => (i === 0 ? n('deals') : i === OPEN_STAGES.length ? n('won') : n(`reached${i}`));
  const stages = OPEN_STAGES.map((stage, i): FloorFunnelStage => {
    const [median, p75] = quantiles(r[`days${i}`]);
    return {
      stage,
      next: OPEN_STAGES[i + 1] ?? 'won',
      reached: reached(i),
      conversion: rate(reached(i + 1), reached(i)),
      lost: n(`lost${i}`),
      dropOff: rate(n(`lost${i}`), reached(i)),
      open: n(`open${i}`),
      openShare: rate(n(`open${i}`), reached(i)),
      medianDays: median,
      p75Days: p75,
      stays: n(`stays${i}`),
    };
  });
  return { ...SCOPE, funnel: { deals: n('deals'), won: n('won'), lost: n('lost'), winRate: rate(n('won'), n('deals')), stages } };
}

export async function floorMetrics(db: SqlConnection, ws: string): Promise<FloorMetrics> {
  const r = await one(db, METRICS_SQL, ws);
  const n = (key: string) => Number(r[key]);
  const won = n('won');
  const lostReached = (i: number) => (i === 0 ? n('lost') : n(`lost${i}`));
  const pipelineValueByStage = OPEN_STAGES.map((stage, i): FloorPipelineStage => {
    const value = numOrNull(r[`value${i}`]) ?? 0;
    const winRate = rate(won, won + lostReached(i));
    return { stage, count: n(`open${i}`), value, winRate, weighted: winRate === null ? null : value * winRate, unpriced: n(`unpriced${i}`) };
  });
  const [cycleMedian, cycleP75] = quantiles(r.cycle_q);
  const qualifiedClosed = won + lostReached(2);
  return {
    ...SCOPE,
    anchors: { lead: 'lead', opportunity: 'opportunity', qualified: 'qualified' },
    metrics: {
      leadToOpportunity: rate(n('opportunities'), n('leads')),
      opportunityToQualified: rate(n('qualified'), n('opportunities')),
      leadToQualified: rate(n('qualified'), n('leads')),
      qualifiedWinRate: rate(won, qualifiedClosed),
      salesCycleDays: { median: cycleMedian, mean: numOrNull(r.cycle_mean), p75: cycleP75, n: won },
      qualifiedPerWin: rate(n('qualified'), won),
      averageDealSize: {
        mean: numOrNull(r.size_mean),
        median: numOrNull(r.size_median),
        n: n('size_n'),
        total: numOrNull(r.size_total) ?? 0,
      },
      pipelineValueByStage,
    },
    counts: {
      leads: n('leads'),
      opportunities: n('opportunities'),
      qualified: n('qualified'),
      won,
      lost: n('lost'),
      qualifiedClosed,
      pipelineCount: pipelineValueByStage.reduce((s, p) => s + p.count, 0),
      pipelineValue: pipelineValueByStage.reduce((s, p) => s + p.value, 0),
      pipelineWeighted: pipelineValueByStage.reduce((s, p) => s + (p.weighted ?? 0), 0),
      pipelineUnpriced: pipelineValueByStage.reduce((s, p) => s + p.unpriced, 0),
    },
  };
}

/** A row of WINLOSS_SQL: `dim` and `value` are text (value a coalesce of text columns). */
interface WinlossRow {
  dim: string;
  value: string | null;
  won: unknown;
  closed: unknown;
}

export async function floorWinloss(db: SqlConnection, ws: string): Promise<FloorWinloss> {
  const rows = (await db.query<WinlossRow>(WINLOSS_SQL, [ws])).map((r) => ({
    dimension: r.dim,
    value: r.value,
    won: Number(r.won),
    closed: Number(r.closed),
  }));
  const all = rows.find((r) => r.dimension === '*') ?? { won: 0, closed: 0 };
  // Every closed deal has at least one row in every dimension, so each dimension's total
  // is the population; "the rest" of a value is the dimension's other recorded deals.
  const unrecorded = new Map(rows.filter((r) => r.value === null).map((r) => [r.dimension, r]));
  const factors = rows
    .filter((r) => r.dimension !== '*')
    .map((r): FloorFactor => {
      const none = r.value === null ? undefined : unrecorded.get(r.dimension);
      const restWon = Math.max(0, all.won - (none?.won ?? 0) - r.won);
      const restClosed = Math.max(0, all.closed - (none?.closed ?? 0) - r.closed);
      const ownRate = rate(r.won, r.closed);
      const restRate = rate(restWon, restClosed);
      return {
        ...r,
        rate: ownRate,
        restWon,
        restClosed,
        restRate,
        difference: ownRate !== null && restRate !== null ? ownRate - restRate : null,
      };
    });
  return { ...SCOPE, from: 'lead', population: { won: all.won, lost: all.closed - all.won, closed: all.closed, winRate: rate(all.won, all.closed) }, factors };
}

/** The floor statement of each benchmarked command. */
export const FLOORS = { 'funnel all': floorFunnel, 'metrics all': floorMetrics, 'winloss all': floorWinloss } as const;
export type Command = keyof typeof FLOORS;

// ---------------------------------------------------------------------------
// Comparison

/** Fields holding counts (compared exactly); every other number is compared with a relative tolerance. */
const INTEGER_FIELDS = new Set([
  'deals',
  'won',
  'lost',
  'reached',
  'open',
  'stays',
  'n',
  'count',
  'unpriced',
  'leads',
  'opportunities',
  'qualified',
  'qualifiedClosed',
  'pipelineCount',
  'pipelineUnpriced',
  'closed',
  'restWon',
  'restClosed',
]);
const TOLERANCE = 1e-9;

function close(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

function show(x: unknown): string {
  return x === undefined ? 'missing' : JSON.stringify(x);
}

/** A factor value as shown in an identity: text as is, the null value as ∅. */
function valueText(value: unknown): string {
  if (value === null) return '∅';
  return typeof value === 'string' ? value : show(value);
}

/** The identity of an array element: a stage by its key, a factor by dimension and value. */
function identity(x: unknown): string | null {
  if (typeof x !== 'object' || x === null) return null;
  const o = x as Record<string, unknown>;
  if ('dimension' in o && 'value' in o) return `${String(o.dimension)}=${valueText(o.value)}`;
  if ('stage' in o) return String(o.stage);
  return null;
}

/**
 * Walks the floor's object; for every number, string or null in it, the engine's value at
 * the same path must be equal. Arrays are matched by identity (stage key, dimension=value),
 * and elements present on only one side are reported.
 */
function diff(engine: unknown, floor: unknown, path: string, field: string, out: string[]): void {
  if (Array.isArray(floor)) {
    if (!Array.isArray(engine)) {
      out.push(`${path}: engine has ${show(engine)}, floor has a list`);
      return;
    }
    const byId = new Map<string, unknown>();
    for (const e of engine) {
      const id = identity(e);
      if (id === null) out.push(`${path}: engine element without a stage or dimension/value`);
      else if (byId.has(id)) out.push(`${path}[${id}]: twice in the engine's reply`);
      else byId.set(id, e);
    }
    const seen = new Set<string>();
    for (const f of floor) {
      const id = identity(f) ?? '?';
      seen.add(id);
      if (!byId.has(id)) out.push(`${path}[${id}]: in the floor (${show(f)}), not in the engine's reply`);
      else diff(byId.get(id), f, `${path}[${id}]`, '', out);
    }
    for (const id of byId.keys()) if (!seen.has(id)) out.push(`${path}[${id}]: in the engine's reply, not in the floor`);
    return;
  }
  if (typeof floor === 'object' && floor !== null) {
    if (typeof engine !== 'object' || engine === null || Array.isArray(engine)) {
      out.push(`${path}: engine has ${show(engine)}, floor has an object`);
      return;
    }
    const e = engine as Record<string, unknown>;
    for (const [k, v] of Object.entries(floor)) diff(e[k], v, path ? `${path}.${k}` : k, k, out);
    return;
  }
  if (typeof floor === 'number') {
    const ok =
      typeof engine === 'number' && (INTEGER_FIELDS.has(field) ? Number.isInteger(engine) && engine === floor : close(engine, floor));
    if (!ok) out.push(`${path}: engine ${show(engine)}, floor ${show(floor)}`);
    return;
  }
  if (engine !== floor) out.push(`${path}: engine ${show(engine)}, floor ${show(floor)}`);
}

/** Differences between `funnel all`'s reply data and the floor (empty = equal). */
export function compareFunnel(engineData: unknown, floor: FloorFunnel): string[] {
  const out: string[] = [];
  diff(engineData, floor, '', '', out);
  return out.map((m) => `funnel: ${m}`);
}

/** Differences between `metrics all`'s reply data and the floor (empty = equal). */
export function compareMetrics(engineData: unknown, floor: FloorMetrics): string[] {
  const out: string[] = [];
  diff(engineData, floor, '', '', out);
  return out.map((m) => `metrics: ${m}`);
}

/** Differences between `winloss all`'s reply data and the floor (empty = equal). */
export function compareWinloss(engineData: unknown, floor: FloorWinloss): string[] {
  const out: string[] = [];
  diff(engineData, floor, '', '', out);
  return out.map((m) => `winloss: ${m}`);
}

/** What `bin/stagecoach run "<command>" --json` prints as `data` (a JSON round trip of the reply). */
export function replyData(reply: Reply): unknown {
  return (JSON.parse(JSON.stringify(reply)) as { data?: unknown }).data;
}

/** The floors' numbers of the three commands. */
export interface Floors {
  'funnel all': FloorFunnel;
  'metrics all': FloorMetrics;
  'winloss all': FloorWinloss;
}

/** Every difference between the three replies (as `--json` prints them) and the floors' numbers (empty = equal). */
export function compareAll(replies: Record<Command, Reply>, floors: Floors): string[] {
  return [
    ...compareFunnel(replyData(replies['funnel all']), floors['funnel all']),
    ...compareMetrics(replyData(replies['metrics all']), floors['metrics all']),
    ...compareWinloss(replyData(replies['winloss all']), floors['winloss all']),
  ];
}
