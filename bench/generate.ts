// Synthetic, consistent sales data inserted in bulk with SQL (INSERT ... SELECT over
// generate_series), never through the use cases, so a million stage events load in
// seconds. Deterministic: every "random" draw is a hash of the deal number and a salt.
//
// Per deal: a furthest open stage of the default pipeline (lead → opportunity →
// qualified → proposal → negotiation), an outcome (won | lost | open), a path of stage
// events (first from NULL to lead, each `from` = the previous `to`, in time order, a few
// skips and backward moves), contacts with roles, competitors, industry, source, tags,
// an amount, and ~20 reps in 4 teams. Win chances depend on the stage reached, an early
// decision maker, the source and the rep, so win/loss has real findings to test.

import type { SqlConnection } from '../src/adapters/db/sql.js';

export const BENCH_NOW = new Date('2026-12-01T00:00:00Z');
export const REPS = 20;
export const TEAMS = ['north', 'south', 'east', 'west'];
const INDUSTRIES = ['software', 'manufacturing', 'retail', 'finance', 'healthcare', 'logistics', 'education', 'energy', 'media', 'government'];
const SOURCES = ['referral', 'inbound', 'outbound', 'event', 'partner', 'web'];
const COMPETITORS = ['Salesforce', 'HubSpot', 'Pipedrive', 'Zoho', 'Freshsales', 'Dynamics', 'Copper', 'Close'];
const TAGS = ['enterprise', 'smb', 'renewal', 'upsell', 'strategic'];
const LOST_REASONS = ['price', 'no_decision', 'timing', 'no_budget'];
const OPEN_KEYS = ['lead', 'opportunity', 'qualified', 'proposal', 'negotiation'];
/** Expected stage events per deal with the distributions below (used to size the plan). */
const EVENTS_PER_DEAL = 3.3;
/** Deals per event-insert statement (PGlite's WASM heap prefers moderate statements). */
const CHUNK = 25_000;

/** A uniform draw in [0, 1) from deal number `i` and a salt: a hash, the same on every run and database. */
function u(salt: number, i = 'i'): string {
  return `((hashint8((${i})::bigint * 1000003 + ${salt})::bigint + 2147483648)::float8 / 4294967296.0)`;
}

function textArray(values: string[]): string {
  return `ARRAY[${values.map((v) => `'${v}'`).join(',')}]::text[]`;
}

/** Picks one of `values` by the draw `salt`. */
function pick(values: string[], salt: number, i = 'i'): string {
  return `(${textArray(values)})[1 + floor(${u(salt, i)} * ${values.length})::int]`;
}

/** When the k-th event of a plan row happens (k from 1; the first is the creation). */
function eventAt(k: string, i = 'p.i'): string {
  return `(p.created_at + ((${k} - 1) + CASE WHEN ${k} > 1 THEN 0.5 * ${u(5000, `${i} * 64 + ${k}`)} ELSE 0 END) * p.step * interval '1 day')`;
}

export interface GenerateResult {
  deals: number;
  events: number;
  contacts: number;
  seconds: number;
}

/**
 * Fills workspace `ws` (which must exist with its default stages) with about `events`
 * stage events: whole deals only, stopping before the total would exceed it.
 */
export async function generate(db: SqlConnection, ws: string, events: number, log: (s: string) => void = () => {}): Promise<GenerateResult> {
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const planned = Math.ceil((events / EVENTS_PER_DEAL) * 1.1) + 10;
  const now = `'${BENCH_NOW.toISOString()}'::timestamptz`;
  await db.exec(`DROP TABLE IF EXISTS _bench_plan`);

  // Step 1: one row per deal with its draws, furthest stage, outcome and path.
  await db.exec(`
    CREATE UNLOGGED TABLE _bench_plan AS
    WITH a AS (
      SELECT i,
             1 + (i * 7) % ${REPS} AS rep,
             ${now} - (730 * ${u(1)} + 1) * interval '1 day' AS created_at,
             ${u(2)} AS u_f, ${u(3)} AS u_open, ${u(4)} AS u_win, ${u(6)} AS u_skip, ${u(7)} AS u_back,
             ${u(8)} AS u_dm, ${u(9)} AS u_amt, ${u(10)} AS u_step, ${u(11)} AS u_comp, ${u(12)} AS u_tag,
             ${u(13)} AS u_attr, ${u(14)} AS u_role, ${pick(SOURCES, 15)} AS source, ${pick(INDUSTRIES, 16)} AS industry
      FROM generate_series(1, ${planned}) AS i
    ), b AS (
      SELECT a.*,
             CASE WHEN u_f < 0.30 THEN 0 WHEN u_f < 0.55 THEN 1 WHEN u_f < 0.75 THEN 2 WHEN u_f < 0.87 THEN 3 ELSE 4 END AS f,
             extract(epoch FROM ${now} - created_at) / 86400.0 AS age
      FROM a
    ), c AS (
      SELECT b.*,
             f >= 2 AND u_dm < 0.8 AS dm_early,
             (u_open < CASE WHEN age < 45 THEN 0.75 WHEN age < 120 THEN 0.3 ELSE 0.06 END) AS is_open
      FROM b
    ), d AS (
      SELECT c.*,
             CASE WHEN is_open THEN 'open'
                  WHEN f >= 2 AND u_win < least(0.95, 0.05 + 0.08 * f + CASE WHEN dm_early THEN 0.3 ELSE 0 END
                                                + CASE WHEN source = 'referral' THEN 0.15 ELSE 0 END
                                                + CASE WHEN rep <= 4 THEN 0.1 WHEN rep > 16 THEN -0.05 ELSE 0 END) THEN 'won'
                  ELSE 'lost' END AS outcome,
             (${textArray(OPEN_KEYS)})[1:f + 1] AS base,
             f >= 2 AND u_skip < 0.05 AS skip,
             f >= 3 AND u_skip >= 0.05 AND u_back < 0.05 AS back
      FROM c
    ), e AS (
      SELECT d.*,
             CASE WHEN skip THEN array_remove(base, 'opportunity')
                  WHEN back THEN base[1:4] || ARRAY['qualified']::text[] || base[4:]
                  ELSE base END
             || CASE outcome WHEN 'won' THEN ARRAY['won']::text[] WHEN 'lost' THEN ARRAY['lost']::text[] ELSE ARRAY[]::text[] END AS path
      FROM d
    )
    SELECT gen_random_uuid() AS id, i, rep, created_at, f, outcome, dm_early, path, cardinality(path) AS len,
           least(2 + 28 * u_step, (age - 0.5) / cardinality(path)) AS step,
           source, industry, u_amt, u_comp, u_tag, u_attr, u_role,
           sum(cardinality(path)) OVER (ORDER BY i) AS cum
    FROM e`);
  await db.exec(`DELETE FROM _bench_plan WHERE cum > ${events}`);
  await db.exec(`CREATE INDEX ON _bench_plan (i)`);
  const [count] = await db.query<{ deals: number; events: number }>(
    `SELECT count(*)::int AS deals, coalesce(sum(len), 0)::int AS events FROM _bench_plan`,
  );
  const deals = count?.deals ?? 0;
  log(`plan: ${deals} deals, ${count?.events ?? 0} events (${elapsed()})`);

  // Step 2: deals (current stage and its time from the path's last event).
  const last = eventAt('p.len');
  await db.exec(`
    INSERT INTO deal (id, workspace_id, name, name_key, owner, stage, stage_entered_at, amount, currency, close_date,
                      industry, source, team, competitors, no_competitor, tags, lost_reason, lost_note, created_at, updated_at)
    SELECT p.id, '${ws}', 'Deal ' || p.i, 'deal ' || p.i, 'rep' || lpad(p.rep::text, 2, '0'),
           p.path[p.len], ${last},
           CASE WHEN p.f >= 2 OR p.u_amt < 0.4 THEN round((5000 + 195000 * p.u_amt * p.u_amt)::numeric, -2) END,
           'USD',
           CASE WHEN p.f >= 2 THEN (p.created_at + p.step * (p.len + 10) * interval '1 day')::date END,
           CASE WHEN p.f >= 1 OR p.u_attr < 0.5 THEN p.industry END,
           CASE WHEN p.f >= 1 OR p.u_attr < 0.6 THEN p.source END,
           (${textArray(TEAMS)})[1 + (p.rep - 1) % ${TEAMS.length}],
           CASE WHEN (p.f >= 2 AND p.u_comp < 0.7) OR (p.f < 2 AND p.u_comp < 0.2) THEN ARRAY[${pick(COMPETITORS, 20, 'p.i')}]
                WHEN p.f >= 2 AND p.u_comp < 0.8 THEN ARRAY[${pick(COMPETITORS, 21, 'p.i')}, ${pick(COMPETITORS, 22, 'p.i')}]
                ELSE ARRAY[]::text[] END,
           p.f >= 2 AND p.u_comp >= 0.8,
           CASE WHEN p.u_tag < 0.3 THEN ARRAY[${pick(TAGS, 23, 'p.i')}] ELSE ARRAY[]::text[] END,
           CASE WHEN p.outcome = 'lost' THEN
             CASE WHEN ((p.f >= 2 AND p.u_comp < 0.8) OR (p.f < 2 AND p.u_comp < 0.2)) AND ${u(24, 'p.i')} < 0.4 THEN 'competitor'
                  ELSE ${pick(LOST_REASONS, 25, 'p.i')} END END,
           NULL,
           p.created_at, ${last}
    FROM _bench_plan p`);
  log(`deals inserted (${elapsed()})`);
  // Step 3: contacts with roles (a user contact once past lead; the decision maker or
  // economic buyer early or late; champions; blockers).
  await db.exec(`
    INSERT INTO contact (deal_id, name, title, role, created_at)
    SELECT p.id, 'User ' || p.i, 'Analyst', 'user', p.created_at + 0.2 * p.step * interval '1 day'
      FROM _bench_plan p WHERE p.f >= 1
    UNION ALL
    SELECT p.id, 'Boss ' || p.i, 'VP', CASE WHEN p.u_role < 0.3 THEN 'economic_buyer' ELSE 'decision_maker' END,
           CASE WHEN p.dm_early THEN p.created_at + 0.3 * p.step * interval '1 day' ELSE ${last} END
      FROM _bench_plan p WHERE p.dm_early OR (p.f >= 2 AND p.u_role < 0.6)
    UNION ALL
    SELECT p.id, 'Champ ' || p.i, 'Manager', 'champion', p.created_at + 0.4 * p.step * interval '1 day'
      FROM _bench_plan p WHERE p.u_role > 0.55
    UNION ALL
    SELECT p.id, 'Block ' || p.i, 'CFO', 'blocker', p.created_at + 0.6 * p.step * interval '1 day'
      FROM _bench_plan p WHERE p.u_role > 0.9 AND p.f >= 1`);
  log(`contacts inserted (${elapsed()})`);
  // Step 4: the stage events, in chunks of deals.
  const [range] = await db.query<{ hi: number }>(`SELECT coalesce(max(i), 0)::int AS hi FROM _bench_plan`);
  const hi = range?.hi ?? 0;
  for (let lo = 1; lo <= hi; lo += CHUNK) {
    await db.exec(`
      INSERT INTO stage_event (workspace_id, deal_id, from_stage, to_stage, at, "by", imported)
      SELECT '${ws}', p.id, CASE WHEN k > 1 THEN p.path[k - 1] END, p.path[k], ${eventAt('k')},
             'rep' || lpad(p.rep::text, 2, '0'), false
      FROM _bench_plan p CROSS JOIN LATERAL generate_series(1, p.len) AS k
      WHERE p.i >= ${lo} AND p.i < ${lo + CHUNK}
      ORDER BY p.i, k`);
    log(`events: deals ${lo}..${Math.min(hi, lo + CHUNK - 1)} (${elapsed()})`);
  }
  // Members for the reps (the bot would have seen them).
  const members = Array.from({ length: REPS }, (_, n) => {
    const id = `rep${String(n + 1).padStart(2, '0')}`;
    return `('${ws}', '${id}', '${id}', 'rep')`;
  });
  await db.exec(`INSERT INTO member (workspace_id, user_id, display_name, role) VALUES ${members.join(',')} ON CONFLICT DO NOTHING`);
  await db.exec(`DROP TABLE _bench_plan`);
  // Fresh statistics, as autovacuum would have gathered on a live server.
  await db.exec(`ANALYZE deal; ANALYZE contact; ANALYZE stage_event`);
  const [totals] = await db.query<{ events: number; contacts: number }>(
    `SELECT (SELECT count(*) FROM stage_event WHERE workspace_id = $1)::int AS events,
            (SELECT count(*) FROM contact c JOIN deal d ON d.id = c.deal_id WHERE d.workspace_id = $1)::int AS contacts`,
    [ws],
  );
  return { deals, events: totals?.events ?? 0, contacts: totals?.contacts ?? 0, seconds: (performance.now() - started) / 1000 };
}

/** Consistency checks of the generated history (each deal's chain of events and its current stage). */
export async function checkConsistency(db: SqlConnection, ws: string): Promise<string[]> {
  const [r] = await db.query<{ broken_chain: number; bad_stage: number; bad_first: number; future: number }>(
    `WITH e AS (
       SELECT deal_id, from_stage, to_stage, at,
              lag(to_stage) OVER w AS prev_to, lag(at) OVER w AS prev_at,
              row_number() OVER w AS n, count(*) OVER (PARTITION BY deal_id) AS len
       FROM stage_event WHERE workspace_id = $1
       WINDOW w AS (PARTITION BY deal_id ORDER BY at, id)
     )
     SELECT count(*) FILTER (WHERE n > 1 AND (from_stage IS DISTINCT FROM prev_to OR at < prev_at))::int AS broken_chain,
            (SELECT count(*) FROM deal d JOIN e ON e.deal_id = d.id AND e.n = e.len
              WHERE d.workspace_id = $1 AND (d.stage <> e.to_stage OR d.stage_entered_at <> e.at))::int AS bad_stage,
            count(*) FILTER (WHERE n = 1 AND (from_stage IS NOT NULL OR to_stage <> 'lead'))::int AS bad_first,
            count(*) FILTER (WHERE at > $2::timestamptz)::int AS future
     FROM e`,
    [ws, BENCH_NOW.toISOString()],
  );
  const problems: string[] = [];
  if (!r) return ['no result'];
  if (r.broken_chain) problems.push(`${r.broken_chain} events whose from is not the previous to (or out of order)`);
  if (r.bad_stage) problems.push(`${r.bad_stage} deals whose stage is not their last event`);
  if (r.bad_first) problems.push(`${r.bad_first} first events not NULL → lead`);
  if (r.future) problems.push(`${r.future} events after the bench's now`);
  return problems;
}
