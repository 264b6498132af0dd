// Which deals a part aggregates: every deal of the workspace (df), a cohort (created in
// the window) or the deals whose standing win or loss fell in the window.

import type { AnalyticsView, TimeWindow } from '../../../core/analytics/types.js';
import { inWindow, sql, type Sql } from './fragments.js';

export type Population = 'df' | 'coh' | 'clo';

/** A deal whose standing win or loss fell in the window. */
export function closedIn(window: TimeWindow | null): Sql {
  return sql`cur_kind IN ('won', 'lost') AND ${inWindow(sql`stage_entered_at`, window)}`;
}

export function populationCte(name: 'coh' | 'clo', window: TimeWindow | null): Sql {
  if (name === 'coh') return sql`coh AS (SELECT * FROM df WHERE ${inWindow(sql`created_at`, window)})`;
  return sql`clo AS (SELECT * FROM df WHERE ${closedIn(window)})`;
}

export interface Populations {
  /** Restrict df itself to the deals created in this window (see dealCte). */
  dealsCreatedIn: TimeWindow | null;
  /** Deals created in the period. */
  cohort: Population;
  /** Whose outcomes count: the cohort, or (activity view) the deals closed in the period. */
  closed: Population;
}

/**
 * All time every population is df (no copy). A cohort statement that needs nothing but
 * the cohort reads only the cohort's deals; one that also needs the whole workspace
 * (today's pipeline, all-time stage win rates) or the activity view keeps df whole.
 */
export function populations(view: AnalyticsView, window: TimeWindow | null, wholeWorkspace: boolean): Populations {
  if (window === null) return { dealsCreatedIn: null, cohort: 'df', closed: 'df' };
  if (view === 'cohort' && !wholeWorkspace) return { dealsCreatedIn: window, cohort: 'df', closed: 'df' };
  return { dealsCreatedIn: null, cohort: 'coh', closed: view === 'cohort' ? 'coh' : 'clo' };
}
