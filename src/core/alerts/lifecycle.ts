// What one scan does to a key, by the state stored for it: an open alert is kept, reminded,
// resolved or expired; a key without an open alert stays quiet, becomes pending, or fires.

import { formatDay, parseDay } from './dates.js';
import type { Judged } from './judge.js';
import type { AlertParams } from './params.js';
import { dayOf, indexOf, relDrop, stats, statsOf, sum, type Layout, type Prepared, type Range } from './series.js';
import type { AlertEvidence, AlertNotification, AlertState, DrillDown, Severity, Trigger, WindowStats } from './types.js';

export interface ScanContext {
  asOfDay: number;
  asOfIso: string;
  params: AlertParams;
  currency: string | null;
  lay: Layout;
  /** Number of window tests in this scan's Benjamini–Hochberg family. */
  tests: number;
  drill(j: Judged, current: Range, baseline: Range): DrillDown | null;
}

/** A key's outcome of one scan: the state to store (null: forget the key) and what to post. */
export interface Step {
  state: AlertState | null;
  notification: AlertNotification | null;
}

const SILENT: Step = { state: null, notification: null };

export function severityOf(relativeDrop: number, valueAtRisk: number | null, params: AlertParams): Severity {
  const s = params.severity;
  const rank = (x: number, warning: number, critical: number) => (x >= critical ? 2 : x >= warning ? 1 : 0);
  const byDrop = rank(relativeDrop, s.warningDrop, s.criticalDrop);
  const byValue = valueAtRisk === null ? 0 : rank(valueAtRisk, s.warningValue, s.criticalValue);
  return (['info', 'warning', 'critical'] as const)[Math.max(byDrop, byValue)]!;
}

function quietState(prev: AlertState, status: 'resolved', fields: Pick<AlertState, 'lastJudgedWeek' | 'lastEvaluatedAt' | 'cusumAfterWeek'>): AlertState {
  return {
    key: prev.key,
    from: prev.from,
    to: prev.to,
    segment: prev.segment,
    status,
    signalStreak: 0,
    recoveryStreak: 0,
    ...fields,
    openedAt: null,
    lastNotifiedAt: null,
    baseline: null,
    severity: null,
    trigger: null,
  };
}

// ---------------------------------------------------------------------------------------------
// Open alerts

/** The weeks that made an alert fire, as day numbers (states stored before alertWeeks: the
 * currentWeeks weeks right after the frozen baseline). */
function alertWeeksOf(prev: AlertState, params: AlertParams): { first: number; last: number } {
  if (prev.alertWeeks) return { first: parseDay(prev.alertWeeks.first), last: parseDay(prev.alertWeeks.last) };
  const first = parseDay(prev.baseline!.lastWeek) + 7;
  return { first, last: first + 7 * (params.currentWeeks - 1) };
}

/**
 * The weeks an open alert's recovery is judged on: those after the weeks that made it fire, at most
 * maxCurrentWeeks of them, once they hold minCurrent deals (null before). A window that grows with
 * the weeks since the alert judges a real drop on more and more deals — a low-volume drop no longer
 * "recovers" on one lucky fortnight — while a false alarm, whose later weeks are normal, still
 * closes within a few scans.
 */
function recoveryWindow(p: Prepared, lay: Layout, prev: AlertState, params: AlertParams): Range | null {
  const last = lay.length - 1;
  const range = { first: Math.max(indexOf(p, alertWeeksOf(prev, params).last) + 1, lay.length - params.maxCurrentWeeks), last };
  return range.first <= last && sum(p, range).n >= params.minCurrent ? range : null;
}

/**
 * The baseline an open alert's recovery is judged against: every history week before the recovery
 * window except the weeks that made the alert fire, re-estimated at each scan. Why not the baseline
 * frozen at firing: a false alarm fires precisely when its baseline weeks happened to run high, so a
 * rate back to normal could stay "more than 10 % below" that baseline for months. The longer span
 * (up to the ~30 weeks of history a scan holds) dilutes that chance high.
 */
function recoveryBaseline(p: Prepared, current: Range, prev: AlertState, params: AlertParams): WindowStats {
  const own = alertWeeksOf(prev, params);
  let n = 0;
  let c = 0;
  let first = -1;
  let last = -1;
  let weeks = 0;
  for (let i = 0; i < current.first; i++) {
    const day = dayOf(p, i);
    if (day >= own.first && day <= own.last) continue;
    n += p.entered[i]!;
    c += p.converted[i]!;
    if (first < 0) first = i;
    last = i;
    weeks++;
  }
  if (weeks === 0) return prev.baseline!;
  return { ...stats(dayOf(p, first), dayOf(p, last), n, c), weeks };
}

function laterEvidence(prev: AlertState, current: WindowStats, baseline: WindowStats, openValue: number | null, maturityDays: number): AlertEvidence {
  const valueAtRisk = openValue === null ? null : openValue * Math.max(0, baseline.rate - current.rate);
  return {
    current,
    baseline,
    relativeDrop: relDrop(baseline.rate, current.rate),
    fisher: null,
    cusum: null,
    trigger: prev.trigger,
    signalScans: 0,
    openValue,
    valueAtRisk,
    maturityDays,
  };
}

function notification(ctx: ScanContext, prev: AlertState, kind: AlertNotification['kind'], severity: Severity, evidence: AlertEvidence, drillDown: DrillDown | null): AlertNotification {
  return {
    kind,
    key: prev.key,
    from: prev.from,
    to: prev.to,
    segment: prev.segment,
    severity,
    asOf: ctx.asOfIso,
    openedAt: prev.openedAt ?? ctx.asOfIso,
    evidence,
    drillDown,
    currency: ctx.currency,
  };
}

/** Not enough deals to judge: keep the alert, close it once that has lasted expireDays. */
function unjudgedOpen(ctx: ScanContext, prev: AlertState, p: Prepared | undefined): Step {
  if (ctx.asOfDay - parseDay(prev.lastEvaluatedAt) < ctx.params.expireDays) return { state: prev, notification: null };
  const L = ctx.lay.length;
  const window = { first: L - ctx.params.maxCurrentWeeks, last: L - 1 };
  const current = p ? statsOf(p, window) : stats(ctx.asOfDay, ctx.asOfDay, 0, 0);
  const baseline = p ? recoveryBaseline(p, window, prev, ctx.params) : prev.baseline!;
  const evidence = laterEvidence(prev, current, baseline, null, p?.series.maturityDays ?? 0);
  return { state: null, notification: notification(ctx, prev, 'expired', prev.severity ?? 'info', evidence, null) };
}

/**
 * An open alert is judged whenever the weeks since its own hold enough deals, even in a scan where
 * its series is too thin for the window test: a segment judged only now and then would otherwise
 * wait for expireDays to close.
 */
export function stepOpen(ctx: ScanContext, prev: AlertState, j: Judged | undefined, p: Prepared | undefined): Step {
  const since = p ? recoveryWindow(p, ctx.lay, prev, ctx.params) : null;
  const window = since ?? j?.current;
  if (!p || !window) return unjudgedOpen(ctx, prev, p);
  const latestWeek = formatDay(p.lastDay);
  const advances = latestWeek > prev.lastJudgedWeek;
  const current = statsOf(p, window);
  const baseline = recoveryBaseline(p, window, prev, ctx.params);
  const recovered = since !== null && current.rate >= (1 - ctx.params.resolveWithin) * baseline.rate;
  const recoveryStreak = recovered ? (advances ? prev.recoveryStreak + 1 : prev.recoveryStreak) : 0;
  const openValue = p.series.openValue !== undefined && Number.isFinite(p.series.openValue) ? p.series.openValue : null;
  const evidence = laterEvidence(prev, current, baseline, openValue, p.series.maturityDays);
  if (recovered && recoveryStreak >= ctx.params.resolveScans) {
    return {
      state: quietState(prev, 'resolved', { lastJudgedWeek: latestWeek, lastEvaluatedAt: ctx.asOfIso, cusumAfterWeek: latestWeek }),
      notification: notification(ctx, prev, 'resolved', prev.severity ?? 'info', evidence, null),
    };
  }
  const next: AlertState = {
    ...prev,
    recoveryStreak,
    lastEvaluatedAt: ctx.asOfIso,
    lastJudgedWeek: advances ? latestWeek : prev.lastJudgedWeek,
  };
  const lastNotified = prev.lastNotifiedAt ?? prev.openedAt ?? ctx.asOfIso;
  if (recovered || ctx.asOfDay - parseDay(lastNotified) < ctx.params.renotifyDays) return { state: next, notification: null };
  const severity = severityOf(evidence.relativeDrop, evidence.valueAtRisk, ctx.params);
  return {
    state: { ...next, lastNotifiedAt: ctx.asOfIso, severity },
    notification: notification(ctx, prev, 'reminder', severity, evidence, j ? ctx.drill(j, j.current, j.baseline) : null),
  };
}

// ---------------------------------------------------------------------------------------------
// Keys without an open alert: pending, recently resolved, or nothing

/** A resolution's CUSUM restriction, kept while its week is still inside the CUSUM window. */
function liveCusumAfter(ctx: ScanContext, p: Prepared | undefined, after: number | undefined): string | null {
  if (after === undefined || !p || !ctx.params.cusum.enabled) return null;
  return after >= dayOf(p, ctx.lay.cusum.first) ? formatDay(after) : null;
}

export function stepQuiet(ctx: ScanContext, prev: AlertState | undefined, j: Judged | undefined, p: Prepared | undefined, after: number | undefined): Step {
  const cusumAfterWeek = liveCusumAfter(ctx, p, after);
  const f = j?.finding;
  // Nothing to signal: only a live CUSUM restriction is worth keeping (a pending streak is broken).
  const quiet = (): Step =>
    cusumAfterWeek === null
      ? SILENT
      : {
          state: quietState(prev!, 'resolved', {
            lastJudgedWeek: f?.current.lastWeek ?? prev!.lastJudgedWeek,
            lastEvaluatedAt: f ? ctx.asOfIso : prev!.lastEvaluatedAt,
            cusumAfterWeek,
          }),
          notification: null,
        };
  if (!j || !f) return quiet();
  if (prev && f.current.lastWeek <= prev.lastJudgedWeek) {
    return { state: { ...prev, lastEvaluatedAt: ctx.asOfIso }, notification: null }; // same matured week judged again
  }
  if (!f.significant && !f.cusumSignal) return quiet();
  const signalStreak = (prev?.status === 'pending' ? prev.signalStreak : 0) + 1;
  const immediate = f.qValue <= ctx.params.immediateQ && f.relativeDrop >= ctx.params.minRelativeDrop;
  const trigger: Trigger | null = immediate
    ? 'immediate'
    : f.cusumSignal
      ? 'cusum'
      : signalStreak >= ctx.params.persistenceScans
        ? 'persistent'
        : null;
  if (trigger === null) {
    return {
      state: {
        key: f.key,
        from: f.from,
        to: f.to,
        segment: f.segment,
        status: 'pending',
        signalStreak,
        recoveryStreak: 0,
        lastJudgedWeek: f.current.lastWeek,
        lastEvaluatedAt: ctx.asOfIso,
        openedAt: null,
        lastNotifiedAt: null,
        baseline: null,
        severity: null,
        trigger: null,
        cusumAfterWeek,
      },
      notification: null,
    };
  }
  return fire(ctx, j, trigger, signalStreak, cusumAfterWeek);
}

/** A new alert, with the weeks that triggered it: the CUSUM run, or the window (and, when it took
 * several consecutive scans, the weeks those scans' windows added). */
function fire(ctx: ScanContext, j: Judged, trigger: Trigger, signalStreak: number, cusumAfterWeek: string | null): Step {
  const f = j.finding;
  const range = trigger === 'cusum' ? j.evidenceRange : j.current;
  const baseRange = trigger === 'cusum' ? j.evidenceBaseline : j.baseline;
  const current = statsOf(j.prepared, range);
  const baseline = statsOf(j.prepared, baseRange);
  const relativeDrop = relDrop(baseline.rate, current.rate);
  const valueAtRisk = f.openValue === null ? null : f.openValue * Math.max(0, baseline.rate - current.rate);
  const severity = severityOf(relativeDrop, valueAtRisk, ctx.params);
  const firstAlertWeek = trigger === 'persistent' ? Math.max(0, range.first - (signalStreak - 1)) : range.first;
  const alert: AlertNotification = {
    kind: 'fired',
    key: f.key,
    from: f.from,
    to: f.to,
    segment: f.segment,
    severity,
    asOf: ctx.asOfIso,
    openedAt: ctx.asOfIso,
    evidence: {
      current,
      baseline,
      relativeDrop,
      fisher: { current: f.current, baseline: f.baseline, pValue: f.pValue, qValue: f.qValue, dispersion: f.dispersion, tests: ctx.tests },
      cusum: f.cusum,
      trigger,
      signalScans: signalStreak,
      openValue: f.openValue,
      valueAtRisk,
      maturityDays: f.maturityDays,
    },
    drillDown: ctx.drill(j, range, baseRange),
    currency: ctx.currency,
  };
  return {
    state: {
      key: f.key,
      from: f.from,
      to: f.to,
      segment: f.segment,
      status: 'open',
      signalStreak,
      recoveryStreak: 0,
      lastJudgedWeek: f.current.lastWeek,
      lastEvaluatedAt: ctx.asOfIso,
      openedAt: ctx.asOfIso,
      lastNotifiedAt: ctx.asOfIso,
      baseline,
      alertWeeks: { first: formatDay(dayOf(j.prepared, firstAlertWeek)), last: formatDay(dayOf(j.prepared, range.last)) },
      severity,
      trigger,
      cusumAfterWeek,
    },
    notification: alert,
  };
}
