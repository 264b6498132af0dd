// Which deals a part aggregates: every deal of the workspace (df), a cohort (created in
// the window) or the deals whose standing win or loss fell in the window.

import type { AnalyticsView, TimeWindow } from '../../../core/analytics/types.js';
import { inWindow, sql, type Sql } from './fragments.js';

export type Population = 'df' | 'coh' | 'clo';

export function populationCte(name: 'coh' | 'clo', window: TimeWindow | null): Sql {
  if (name === 'coh') return sql`coh AS (SELECT * FROM df WHERE ${inWindow(sql`created_at`, window)})`;
  return sql`clo AS (SELECT * FROM df WHERE cur_kind IN ('won', 'lost') AND ${inWindow(sql`stage_entered_at`, window)})`;
}

/** The cohort; all time it is every deal (no copy). */
export function cohortOf(window: TimeWindow | null): Population {
  return window === null ? 'df' : 'coh';
}

/** Whose outcomes count: the cohort, or (activity view) the deals closed in the window. */
export function closedOf(view: AnalyticsView, window: TimeWindow | null): Population {
  if (view === 'cohort' || window === null) return cohortOf(window);
  return 'clo';
}
