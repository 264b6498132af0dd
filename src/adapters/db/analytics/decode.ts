// The JSON rows of a statement's parts, as the port's row types. Every number arrives
// as a JSON number (or null); percentile pairs as [median, p75].

import { openCount } from '../../../core/analytics/ranks.js';
import type { FactorRow, FlowRow, RankedStage, Snapshot, SnapshotPart, StageWinRow } from '../../../core/analytics/types.js';
import { num, numOrNull, strOrNull } from './fragments.js';

export type Row = Record<string, unknown>;

export function rowsOf(x: unknown): Row[] {
  return Array.isArray(x) ? (x as Row[]) : [];
}

/** Of two spellings of one value, the one shown: the first in code point order. */
function firstLabel(a: string | null, b: string | null): string | null {
  return a === null || (b !== null && b < a) ? b : a;
}

function group(r: Row) {
  return { all: num(r.grp) === 0, value: strOrNull(r.value), label: strOrNull(r.label) };
}

/** [median, p75] of percentile_cont(ARRAY[0.5, 0.75]) (null when nothing was there to sort). */
function quantiles(x: unknown): [number | null, number | null] {
  return Array.isArray(x) ? [numOrNull(x[0]), numOrNull(x[1])] : [null, null];
}

export const decoders: { [P in SnapshotPart]: (rows: Row[], stages: readonly RankedStage[]) => Snapshot[P] } = {
  // The activity view's flow (the cohort's arrives as a census: flowFromCensus).
  flow: (rows) =>
    rows.map((r) => ({
      ...group(r),
      rank: num(r.rank),
      reached: num(r.reached),
      lostHere: num(r.lost_here),
      openHere: num(r.open_here),
    })),
  // One row per group with n<i> and q<i> per open stage; a stage without stays has no row.
  stays: (rows, stages) => {
    const open = stages.filter((s) => s.kind === 'open');
    return rows.flatMap((r) =>
      open.flatMap((s, i) => {
        const n = num(r[`n${i}`]);
        if (n === 0) return [];
        const [median, p75] = quantiles(r[`q${i}`]);
        return [{ ...group(r), stage: s.key, n, median, p75 }];
      }),
    );
  },
  outcomes: (rows) =>
    rows.map((r) => {
      const [cycleMedian, cycleP75] = quantiles(r.cycle_q);
      return {
        ...group(r),
        deals: num(r.deals),
        open: num(r.open),
        won: num(r.won),
        lost: num(r.lost),
        lostReached: num(r.lost_reached),
        lostToCompetitor: num(r.lost_to_competitor),
        wonValue: num(r.won_value),
        lostValue: num(r.lost_value),
        cycleN: num(r.cycle_n),
        cycleMedian,
        cycleMean: numOrNull(r.cycle_mean),
        cycleP75,
        sizeN: num(r.size_n),
        sizeMean: numOrNull(r.size_mean),
        sizeMedian: numOrNull(r.size_median),
      };
    }),
  pipeline: (rows) =>
    rows.map((r) => ({
      ...group(r),
      stage: String(r.stage),
      count: num(r.count),
      amount: num(r.amount),
      unpriced: num(r.unpriced),
    })),
  winRates: (rows) => rows.map((r) => ({ stage: String(r.stage), won: num(r.won), lost: num(r.lost) })),
};

/** The cohort flow from census rows (parts.ts cohortCensus): per group, every rank 0..K. */
export function flowFromCensus(rows: Row[], stages: readonly RankedStage[]): FlowRow[] {
  const k = openCount(stages);
  const groups = new Map<string, { group: ReturnType<typeof group>; at: number[]; lost: number[]; open: number[] }>();
  for (const r of rows) {
    const g = group(r);
    const key = JSON.stringify([g.all, g.value]);
    let entry = groups.get(key);
    if (!entry) {
      entry = { group: g, at: new Array<number>(k + 1).fill(0), lost: new Array<number>(k + 1).fill(0), open: new Array<number>(k + 1).fill(0) };
      groups.set(key, entry);
    }
    const rank = Math.min(Math.max(num(r.max_rank), 0), k);
    const n = num(r.n);
    entry.at[rank] = (entry.at[rank] ?? 0) + n;
    if (r.cur_kind === 'lost') entry.lost[rank] = (entry.lost[rank] ?? 0) + n;
    if (r.cur_kind === 'open') entry.open[rank] = (entry.open[rank] ?? 0) + n;
    entry.group.label = firstLabel(entry.group.label, g.label);
  }
  return [...groups.values()].flatMap(({ group: g, at, lost, open }) => {
    let reached = 0;
    const out: FlowRow[] = [];
    for (let rank = k; rank >= 0; rank--) {
      reached += at[rank] ?? 0;
      out.push({ ...g, rank, reached, lostHere: lost[rank] ?? 0, openHere: open[rank] ?? 0 });
    }
    return out.reverse();
  });
}

/**
 * Every open stage's closed history from the whole workspace's flow (when the flow's
 * population is every deal): a won deal passed every stage; a lost one every stage up
 * to its furthest.
 */
export function winRatesFromFlow(flow: readonly FlowRow[], stages: readonly RankedStage[]): StageWinRow[] {
  const all = flow.filter((f) => f.all);
  const k = openCount(stages);
  const won = all.find((f) => f.rank === k)?.reached ?? 0;
  return stages.flatMap((s) => {
    if (s.kind !== 'open' || s.rank === null) return [];
    const rank = s.rank;
    const lost = all.filter((f) => f.rank >= rank).reduce((sum, f) => sum + f.lostHere, 0);
    return [{ stage: s.key, won, lost }];
  });
}

/** Factor rows per value: the spellings of one value (Acme, ACME) summed; dim NULL (the population) left out. */
export function factorRows(rows: Row[]): FactorRow[] {
  const merged = new Map<string, FactorRow>();
  for (const r of rows) {
    const dimension = strOrNull(r.dim);
    if (dimension === null) continue;
    const value = strOrNull(r.value);
    const key = JSON.stringify([dimension, value]);
    const seen = merged.get(key);
    if (!seen) {
      merged.set(key, { dimension, value, label: strOrNull(r.label), won: num(r.won), lost: num(r.lost) });
      continue;
    }
    seen.won += num(r.won);
    seen.lost += num(r.lost);
    seen.label = firstLabel(seen.label, strOrNull(r.label));
  }
  return [...merged.values()];
}
