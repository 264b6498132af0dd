// The floor: one hand-written SQL query over stage_event and deal that computes the
// headline numbers of funnel + metrics + winloss directly (the reached count of every
// open stage of the default pipeline, won, lost, lost after reaching Qualified, the
// qualified win rate and the median sales cycle), and the same numbers read from the
// engine's replies, to check they agree.

import type { SqlConnection } from '../src/adapters/db/sql.js';
import type { Reply } from '../src/core/reply.js';

export interface Headline {
  /** Reached counts of lead, opportunity, qualified, proposal, negotiation (cohort, all time). */
  reached: number[];
  won: number;
  lost: number;
  lostAfterQualified: number;
  qualifiedWinRate: number | null;
  cycleMedianDays: number | null;
}

/** Written for the default pipeline: ranks lead 0 … negotiation 4, a win passes them all. */
export const FLOOR_SQL = `
WITH m AS (
  SELECT deal_id,
         max(CASE to_stage WHEN 'lead' THEN 0 WHEN 'opportunity' THEN 1 WHEN 'qualified' THEN 2
                           WHEN 'proposal' THEN 3 WHEN 'negotiation' THEN 4 WHEN 'won' THEN 4 END) AS r
  FROM stage_event WHERE workspace_id = $1 GROUP BY deal_id
), d AS (
  SELECT d.stage, d.created_at, d.stage_entered_at,
         CASE WHEN d.stage = 'won' THEN 5 ELSE greatest(coalesce(m.r, 0), 0) END AS f
  FROM deal d LEFT JOIN m ON m.deal_id = d.id
  WHERE d.workspace_id = $1
)
SELECT count(*)::int AS r0,
       count(*) FILTER (WHERE f >= 1)::int AS r1,
       count(*) FILTER (WHERE f >= 2)::int AS r2,
       count(*) FILTER (WHERE f >= 3)::int AS r3,
       count(*) FILTER (WHERE f >= 4)::int AS r4,
       count(*) FILTER (WHERE stage = 'won')::int AS won,
       count(*) FILTER (WHERE stage = 'lost')::int AS lost,
       count(*) FILTER (WHERE stage = 'lost' AND f >= 2)::int AS lost_q,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM (stage_entered_at - created_at))::float8 / 86400.0)
         FILTER (WHERE stage = 'won') AS cycle_median
FROM d`;

interface FloorRow {
  r0: number;
  r1: number;
  r2: number;
  r3: number;
  r4: number;
  won: number;
  lost: number;
  lost_q: number;
  cycle_median: number | string | null;
}

export async function floor(db: SqlConnection, ws: string): Promise<Headline> {
  const [r] = await db.query<FloorRow>(FLOOR_SQL, [ws]);
  if (!r) throw new Error('floor query returned nothing');
  const closedQ = r.won + r.lost_q;
  return {
    reached: [r.r0, r.r1, r.r2, r.r3, r.r4],
    won: r.won,
    lost: r.lost,
    lostAfterQualified: r.lost_q,
    qualifiedWinRate: closedQ === 0 ? null : r.won / closedQ,
    cycleMedianDays: r.cycle_median === null ? null : Number(r.cycle_median),
  };
}

type Json = Record<string, unknown>;

function obj(x: unknown, what: string): Json {
  if (typeof x !== 'object' || x === null) throw new Error(`engine reply has no ${what}`);
  return x as Json;
}

/** The same numbers from the replies of `funnel all`, `metrics all` and `winloss all`. */
export function engineHeadline(funnel: Reply, metrics: Reply, winloss: Reply): Headline & { winlossWon: number; winlossLost: number } {
  const f = obj(obj(funnel.data, 'funnel data').funnel, 'funnel');
  const stages = f.stages as Json[];
  const md = obj(metrics.data, 'metrics data');
  const m = obj(md.metrics, 'metrics');
  const counts = obj(md.counts, 'counts');
  const cycle = obj(m.salesCycleDays, 'salesCycleDays');
  const pop = obj(obj(winloss.data, 'winloss data').population, 'population');
  const won = Number(counts.won);
  const qualifiedClosed = Number(counts.qualifiedClosed);
  return {
    reached: stages.map((s) => Number(s.reached)),
    won: Number(f.won),
    lost: Number(f.lost),
    lostAfterQualified: qualifiedClosed - won,
    qualifiedWinRate: m.qualifiedWinRate === null ? null : Number(m.qualifiedWinRate),
    cycleMedianDays: cycle.median === null ? null : Number(cycle.median),
    winlossWon: Number(pop.won),
    winlossLost: Number(pop.lost),
  };
}

function close(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Differences between the engine's numbers and the floor's (empty = OK). */
export function compare(engine: ReturnType<typeof engineHeadline>, fl: Headline): string[] {
  const out: string[] = [];
  if (engine.reached.join(',') !== fl.reached.join(',')) out.push(`reached ${engine.reached.join('/')} vs ${fl.reached.join('/')}`);
  if (engine.won !== fl.won || engine.winlossWon !== fl.won) out.push(`won ${engine.won}/${engine.winlossWon} vs ${fl.won}`);
  if (engine.lost !== fl.lost || engine.winlossLost !== fl.lost) out.push(`lost ${engine.lost}/${engine.winlossLost} vs ${fl.lost}`);
  if (engine.lostAfterQualified !== fl.lostAfterQualified) out.push(`lost after qualified ${engine.lostAfterQualified} vs ${fl.lostAfterQualified}`);
  if (!close(engine.qualifiedWinRate, fl.qualifiedWinRate)) out.push(`qualified win rate ${engine.qualifiedWinRate} vs ${fl.qualifiedWinRate}`);
  if (!close(engine.cycleMedianDays, fl.cycleMedianDays)) out.push(`median cycle ${engine.cycleMedianDays} vs ${fl.cycleMedianDays}`);
  return out;
}
