// The detector's public data: what a scan reads (series, previous state) and returns (findings,
// notifications with their evidence, the state to store, and which series are watched).

import type { CohortSeries, Segment } from './cohorts.js';

export type Severity = 'info' | 'warning' | 'critical';
/** Why an alert fired: q ≤ immediateQ, the CUSUM crossing, or significance in persistenceScans consecutive scans. */
export type Trigger = 'immediate' | 'cusum' | 'persistent';

export interface ScanInput {
  /** Every (transition, segment) series of one workspace; keys must be unique. */
  series: readonly CohortSeries[];
  /** Currency of the openValue figures, for display. */
  currency?: string;
}

/** Counts of a block of consecutive weekly cohorts, with the 95% Wilson interval of the rate. */
export interface WindowStats {
  firstWeek: string;
  lastWeek: string;
  weeks: number;
  entered: number;
  converted: number;
  /** converted / entered (0 when entered = 0). */
  rate: number;
  wilsonLow: number;
  wilsonHigh: number;
}

export interface CusumEvidence {
  /** max over suffixes (with ≥ minCurrent deals) of the current window of the summed log-likelihood ratios, ≥ 0. */
  statistic: number;
  threshold: number;
  /** The suffix that attains the statistic (the weeks since the drop seems to have started). */
  run: WindowStats | null;
}

/** The judgement of one key in one scan (only keys with enough deals are judged). */
export interface Finding {
  key: string;
  from: string;
  to: string;
  segment: Segment | null;
  maturityDays: number;
  current: WindowStats;
  baseline: WindowStats;
  /** (baseline rate − current rate) / baseline rate; negative for an improvement. */
  relativeDrop: number;
  /** One-sided p (current worse than baseline): Fisher's exact p, or, when the series is
   * overdispersed (dispersion > 1), the larger of it and the quasi-binomial t test's p. */
  pValue: number;
  /** Benjamini–Hochberg q over all findings of this scan. */
  qValue: number;
  /** Moderated quasi-binomial dispersion φ ≥ 1 of the series' weekly rates (1 = binomial). */
  dispersion: number;
  /** Which test gave pValue. */
  test: 'fisher' | 'quasi';
  /** Only for all-deals keys when the CUSUM is enabled and the baseline rate is in (0, 1). */
  cusum: CusumEvidence | null;
  /** q ≤ qThreshold and relative drop ≥ minRelativeDrop. */
  significant: boolean;
  /** CUSUM statistic ≥ threshold and its run's relative drop ≥ minRelativeDrop. */
  cusumSignal: boolean;
  openValue: number | null;
}

export interface DrillDownEntry {
  segment: Segment;
  entered: number;
  converted: number;
  rate: number;
  /** The segment's baseline rate, shrunk towards the overall baseline with 10 pseudo-deals. */
  baselineRate: number;
  /** Share of the alert's current deals that are in this segment. */
  dealShare: number;
  /** Expected minus actual conversions in the segment. */
  missing: number;
  /** missing / all missing conversions of the transition (may exceed 1 when other segments improved). */
  dropShare: number;
}

export interface DrillDown {
  /** The segment value contributing the most missing conversions (its own drop × its deals). */
  top: DrillDownEntry;
  /** True when the top segment carries at least half of the missing conversions, dropped at least twice as
   * much (relatively) as the rest of the deals, and converting like the rest would hardly give so few
   * conversions (binomial p ≤ 0.05 / number of segment values tried). */
  concentrated: boolean;
  /** Up to three largest contributors, largest first. */
  ranking: DrillDownEntry[];
  totalMissing: number;
}

export interface AlertEvidence {
  /** Fired: the window (or CUSUM run) that triggered. Reminder/resolved: the weeks since the alert's
   * own (up to maxCurrentWeeks; the judged window while they hold too few deals). Expired: the
   * latest maxCurrentWeeks weeks. */
  current: WindowStats;
  /** Fired: this scan's baseline. Later notifications: the baseline re-estimated at that scan from
   * the history before the current window, without the weeks that made the alert fire. */
  baseline: WindowStats;
  relativeDrop: number;
  /** This scan's Fisher window test (fired notifications only). Its windows are `current` and
   * `baseline` unless the CUSUM fired, whose run and baseline differ from the Fisher window. */
  fisher: FisherEvidence | null;
  cusum: CusumEvidence | null;
  trigger: Trigger | null;
  /** Consecutive weekly scans that showed the drop when it fired (fired notifications; else 0). */
  signalScans: number;
  openValue: number | null;
  /** openValue × (baseline rate − current rate): pipeline value expected not to advance. */
  valueAtRisk: number | null;
  maturityDays: number;
}

export interface FisherEvidence {
  current: WindowStats;
  baseline: WindowStats;
  /** One-sided p of the window test (see Finding.pValue). */
  pValue: number;
  /** Dispersion φ the test allowed for (1 = binomial, Fisher's exact test). */
  dispersion: number;
  /** Benjamini–Hochberg q over the scan's tests. */
  qValue: number;
  /** Number of tests in the BH family of this scan. */
  tests: number;
}

export type NotificationKind = 'fired' | 'reminder' | 'resolved' | 'expired';

export interface AlertNotification {
  kind: NotificationKind;
  key: string;
  from: string;
  to: string;
  segment: Segment | null;
  severity: Severity;
  asOf: string;
  openedAt: string;
  evidence: AlertEvidence;
  /** For all-deals alerts (fired and reminders): which segment explains most of the drop. */
  drillDown: DrillDown | null;
  currency: string | null;
}

/**
 * Persisted between scans, one entry per key that is pending (signalled, not yet fired), open, or
 * recently resolved (kept while the resolved drop's weeks are still inside the CUSUM window, so
 * that the CUSUM — like a classic CUSUM reset after a signal — does not fire again on them).
 */
export interface AlertState {
  key: string;
  from: string;
  to: string;
  segment: Segment | null;
  status: 'pending' | 'open' | 'resolved';
  /** Consecutive scans with a signal (pending). */
  signalStreak: number;
  /** Consecutive scans back within resolveWithin of the re-estimated baseline (open). */
  recoveryStreak: number;
  /** Latest matured week judged by the last scan that advanced the counters. Re-running a scan
   * on the same matured week does not count as another consecutive scan. */
  lastJudgedWeek: string;
  /** asOf of the last scan in which the key had enough deals to be judged. */
  lastEvaluatedAt: string;
  openedAt: string | null;
  lastNotifiedAt: string | null;
  /** The baseline when the alert fired (shown in lists of open alerts). */
  baseline: WindowStats | null;
  /** The weeks whose drop made the alert fire (ISO Mondays); recovery is judged against a baseline
   * without them. Absent in states stored before it existed. */
  alertWeeks?: { first: string; last: string } | null;
  severity: Severity | null;
  trigger: Trigger | null;
  /** CUSUM runs must start after this week (set when an alert resolves); null = no restriction. */
  cusumAfterWeek: string | null;
}

/** Whether a series was judged in this scan, and over which window. */
export type SeriesWatch = {
  key: string;
  from: string;
  to: string;
  segment: Segment | null;
} & (
  | { watched: true; /** The current window judged (widened beyond currentWeeks when thin). */ window: WindowStats; dispersion: number }
  | { watched: false; /** Deals per week the series would need to be judged. */ neededPerWeek: number }
);

export interface ScanResult {
  findings: Finding[];
  state: AlertState[];
  notifications: AlertNotification[];
  /** Every series of the input, sorted by key. */
  watch: SeriesWatch[];
}

