// The win/loss factor statement: one row per closed deal holding each single-valued
// dimension's value in its own column, counted per dimension in one GROUPING SETS pass
// (the empty set is the population); competitors and tags unnest to their distinct
// values per deal and are counted in one more pass.

import type { NamedDimension, Scope } from '../../../core/analytics/types.js';
import { contactFirsts, dealColumns, isMulti, multiColumns, multiValueArray, reachRanks, singleValue } from './dimensions.js';
import { dealCte, empty, join, jsonRows, raw, sql, type Sql } from './fragments.js';
import { closedIn, populationCte, populations } from './population.js';

const OUTCOMES = sql`count(*) FILTER (WHERE s.cur_kind = 'won')::int AS won, count(*) FILTER (WHERE s.cur_kind = 'lost')::int AS lost`;

/** One row, `rows`: [{dim, value, label, won, lost}] per spelling of a value (label), dim NULL = the population. */
export function factorStatement(scope: Omit<Scope, 'dimension'>, dimensions: readonly NamedDimension[], fromRank: number): Sql {
  const { workspaceId: ws, stages } = scope;
  const pops = populations(scope.view, scope.window, false);
  const roles = dimensions.flatMap((n) => (n.dimension.kind === 'roleBefore' ? [n.dimension] : []));
  // From the first stage the closed deals are known from the deal rows alone: the
  // multi-valued dimensions re-read them (cheap) instead of keeping every closed deal's
  // row of fa in memory for a second pass.
  const dealsOnly = fromRank === 0;
  const ctes: Sql[] = [
    dealCte(ws, stages, {
      // dd carries every dimension's columns; fa only those of the dimensions it counts.
      columns: dealColumns(dimensions.map((n) => n.dimension)),
      // From the first stage every closed deal counts: no furthest rank (no pass over every event) needed.
      maxRank: fromRank > 0,
      reachRanks: reachRanks(roles, stages),
      createdIn: pops.dealsCreatedIn,
      closedOnly: true,
    }),
  ];
  if (pops.closed !== 'df') ctes.push(populationCte(pops.closed, scope.window));
  const multiSource = !dealsOnly ? sql`fa` : pops.closed === 'clo' ? sql`(SELECT * FROM dd WHERE ${closedIn(scope.window)})` : sql`dd`;
  const columns: Sql[] = [sql`s.cur_kind`];
  const sets: { name: string; key: Sql; value: Sql }[] = [];
  const multi: Sql[] = [];
  dimensions.forEach(({ name, dimension }, i) => {
    if (isMulti(dimension)) {
      if (!dealsOnly) columns.push(multiColumns(dimension));
      multi.push(sql`SELECT ${name}::text AS dim, s.cur_kind, btrim(v) AS label FROM ${multiSource} s CROSS JOIN LATERAL unnest(${multiValueArray(dimension)}) AS v`);
      return;
    }
    const [value, label] = singleValue(dimension, stages, dimension.kind === 'roleBefore' ? roles.indexOf(dimension) : 0);
    // Free text groups by the spelling as typed, lower-cased once per group rather than once
    // per deal; the spellings of one value are merged when the rows are read (index.ts).
    const key = raw(`v${i}`);
    columns.push(sql`${label ?? value} AS ${key}`);
    sets.push({ name, key, value: label ? sql`lower(${key})` : key });
  });
  const contacts = roles.length > 0 ? sql`LEFT JOIN (${contactFirsts(roles, ws, pops.dealsCreatedIn)}) c ON c.deal_id = s.id` : empty;
  // df holds closed deals only (closedOnly): filtering on cur_kind again would only hide that from the planner.
  const reached = fromRank > 0 ? sql`WHERE s.max_rank >= ${fromRank}::int` : empty;
  // Kept once computed: over plain columns the planner hashes every grouping set; over
  // the expressions it misjudges their distinct values and sorts every closed deal.
  ctes.push(sql`fa AS MATERIALIZED (SELECT ${join(columns)} FROM ${raw(pops.closed)} s ${contacts} ${reached})`);

  // GROUPING(v<i>) = 0 marks the rows of dimension i; none of them: the population.
  const pick = (of: (set: (typeof sets)[number]) => Sql) =>
    sets.length === 0 ? sql`NULL` : sql`CASE ${join(sets.map((set) => sql`WHEN GROUPING(${set.key}) = 0 THEN ${of(set)}`), ' ')} END`;
  const groupingSets = join([...sets.map((set) => sql`(${set.key})`), sql`()`]);
  const parts = [
    sql`SELECT ${pick((set) => sql`${set.name}::text`)} AS dim, ${pick((set) => set.value)} AS value,
        ${pick((set) => set.key)} AS label, ${OUTCOMES}
      FROM fa s GROUP BY GROUPING SETS (${groupingSets})`,
  ];
  if (multi.length > 0) {
    parts.push(sql`SELECT s.dim, lower(s.label) AS value, s.label, ${OUTCOMES}
      FROM (${join(multi, ' UNION ALL ')}) s GROUP BY s.dim, s.label`);
  }
  return sql`WITH ${join(ctes)} SELECT ${jsonRows(join(parts, ' UNION ALL '))} AS rows`;
}
