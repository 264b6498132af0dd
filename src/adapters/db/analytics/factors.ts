// The win/loss factor statement: every closed deal once as a row holding each
// single-valued dimension's value in its own column, counted per dimension in one
// GROUPING SETS pass; competitors and tags unnest to their distinct values per deal.

import type { NamedDimension, Scope } from '../../../core/analytics/types.js';
import { contactFirsts, isMulti, reachRanks, withMultiValues, singleValue } from './dimensions.js';
import { concat, dealCte, empty, join, jsonRows, raw, sql, stageCte, type Sql } from './fragments.js';
import { populationCte, populations } from './population.js';

const OUTCOMES = sql`count(*) FILTER (WHERE s.cur_kind = 'won')::int AS won, count(*) FILTER (WHERE s.cur_kind = 'lost')::int AS lost`;

/** One row: `population` {won, lost} and `rows` [{dim, value, label, won, lost}]. */
export function factorStatement(scope: Omit<Scope, 'dimension'>, dimensions: readonly NamedDimension[], fromRank: number): Sql {
  const { workspaceId: ws, stages } = scope;
  const pops = populations(scope.view, scope.window, false);
  const source = pops.closed;
  const roles = dimensions.flatMap((n) => (n.dimension.kind === 'roleBefore' ? [n.dimension] : []));
  const ctes: Sql[] = [stageCte(stages), dealCte(ws, stages, reachRanks(roles, stages), pops.dealsCreatedIn)];
  if (source !== 'df') ctes.push(populationCte(source, scope.window));
  ctes.push(sql`cl AS (SELECT * FROM ${raw(source)} WHERE cur_kind IN ('won', 'lost') AND max_rank >= ${fromRank}::int)`);

  const columns: Sql[] = [];
  const sets: { name: string; value: Sql; label: Sql }[] = [];
  const multi: Sql[] = [];
  dimensions.forEach(({ name, dimension }, i) => {
    if (isMulti(dimension)) {
      multi.push(sql`SELECT ${name}::text AS dim, s.value, min(s.label) AS label, ${OUTCOMES}
        FROM (${withMultiValues(dimension, sql`fa`, sql`s.cur_kind`)}) s GROUP BY s.value`);
      return;
    }
    const [value, label] = singleValue(dimension, stages, dimension.kind === 'roleBefore' ? roles.indexOf(dimension) : 0);
    columns.push(sql`, ${value} AS ${raw(`v${i}`)}`);
    if (label) columns.push(sql`, ${label} AS ${raw(`l${i}`)}`);
    sets.push({ name, value: raw(`v${i}`), label: raw(label ? `min(l${i})` : `v${i}`) });
  });
  const contacts = roles.length > 0 ? sql`LEFT JOIN (${contactFirsts(roles, sql`cl`)}) c ON c.deal_id = s.id` : empty;
  ctes.push(sql`fa AS (SELECT s.id, s.cur_kind, s.competitors, s.no_competitor, s.tags ${concat(columns)} FROM cl s ${contacts})`);

  const parts = [...multi];
  if (sets.length > 0) {
    const pick = (of: (set: (typeof sets)[number]) => Sql) =>
      sql`CASE ${join(
        sets.map((set) => sql`WHEN GROUPING(${set.value}) = 0 THEN ${of(set)}`),
        ' ',
      )} END`;
    parts.unshift(sql`SELECT ${pick((set) => sql`${set.name}::text`)} AS dim, ${pick((set) => set.value)} AS value,
        ${pick((set) => set.label)} AS label, ${OUTCOMES}
      FROM fa s GROUP BY GROUPING SETS (${join(sets.map((set) => sql`(${set.value})`))})`);
  }
  const rows = parts.length > 0 ? jsonRows(join(parts, ' UNION ALL ')) : sql`'[]'::json`;
  return sql`WITH ${join(ctes)}
    SELECT (SELECT json_build_object('won', count(*) FILTER (WHERE cur_kind = 'won'), 'lost', count(*) FILTER (WHERE cur_kind = 'lost')) FROM fa) AS population,
           ${rows} AS rows`;
}
