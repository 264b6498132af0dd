import { describe, it, expect } from 'vitest';
import {
  DEFAULT_ALERT_PARAMS,
  AlertParamsError,
  buildCohorts,
  historyWeeks,
  maturityWindows,
  mergeAlertParams,
  renderAlert,
  scan,
  type AlertParams,
  type AlertState,
  type CohortSeries,
  type Segment,
  type StageStay,
  type WeeklyCohort,
} from '../../src/core/alerts/index.js';
import { registeredCatalogues } from '../../src/core/i18n.js';
import { fisherOneSided, wilson } from '../../src/core/stats/index.js';

// ---------------------------------------------------------------------------------------------
// Calendar helpers written independently of src/core/alerts/dates.ts.

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (date: string, days: number) => iso(Date.parse(`${date}T00:00:00Z`) + days * DAY);

// Week 0 starts on Monday 2024-01-01. With maturity T = 14 days, week w (starting W) is matured
// at asOf when W + 7 + 14 ≤ asOf, so a scan on the Monday of week w + 3 judges weeks up to w.
const WEEK0 = '2024-01-01';
const weekStart = (w: number) => addDays(WEEK0, 7 * w);
const T = 14;
/** The scan date (a Monday) whose latest matured week is `w` when T = 14. */
const scanFor = (w: number) => weekStart(w + 3);

type Counts = readonly [entered: number, converted: number];

/** Weekly cohorts for weeks 0..n-1 from a function of the week index. */
function cohorts(n: number, f: (w: number) => Counts): WeeklyCohort[] {
  return Array.from({ length: n }, (_, w) => {
    const [entered, converted] = f(w);
    return { weekStart: weekStart(w), entered, converted };
  });
}

function series(f: (w: number) => Counts, opts: { weeks?: number; from?: string; to?: string; segment?: Segment | null; maturityDays?: number; openValue?: number } = {}): CohortSeries {
  return {
    from: opts.from ?? 'qualified',
    to: opts.to ?? 'demo',
    segment: opts.segment ?? null,
    maturityDays: opts.maturityDays ?? T,
    cohorts: cohorts(opts.weeks ?? 60, f),
    ...(opts.openValue !== undefined ? { openValue: opts.openValue } : {}),
  };
}

const noCusum: AlertParams = mergeAlertParams({ cusum: { enabled: false } });

/** Runs weekly scans for the given latest matured weeks, threading the state through JSON as storage would. */
function scans(input: (w: number) => CohortSeries[], weeks: number[], params: AlertParams = DEFAULT_ALERT_PARAMS, start: AlertState[] = []) {
  let state = start;
  return weeks.map((w) => {
    const r = scan({ series: input(w) }, state, params, scanFor(w));
    state = JSON.parse(JSON.stringify(r.state)) as AlertState[];
    expect(state).toEqual(r.state);
    return r;
  });
}

// ---------------------------------------------------------------------------------------------

describe('parameters', () => {
  it('has the documented defaults and merges partial overrides', () => {
    expect(DEFAULT_ALERT_PARAMS.baselineWeeks).toBe(12);
    expect(DEFAULT_ALERT_PARAMS.minCurrent).toBe(20);
    expect(DEFAULT_ALERT_PARAMS.minBaseline).toBe(40);
    expect(DEFAULT_ALERT_PARAMS.minRelativeDrop).toBe(0.2);
    expect(DEFAULT_ALERT_PARAMS.persistenceScans).toBe(2);
    expect(DEFAULT_ALERT_PARAMS.renotifyDays).toBe(14);
    const p = mergeAlertParams({ currentWeeks: 3, cusum: { threshold: 7 } });
    expect(p.currentWeeks).toBe(3);
    expect(p.cusum.threshold).toBe(7);
    expect(p.cusum.designDrop).toBe(DEFAULT_ALERT_PARAMS.cusum.designDrop);
    expect(DEFAULT_ALERT_PARAMS.cusum.threshold).not.toBe(7); // the defaults were not mutated
  });

  it('says how many weeks of cohorts a scan needs', () => {
    const p = DEFAULT_ALERT_PARAMS;
    expect(historyWeeks(p)).toBe(Math.max(p.maxCurrentWeeks + p.baselineWeeks, p.cusum.weeks + p.cusum.baselineWeeks));
    // Without the CUSUM: the widest (adaptive) window and its baseline, 6 + 12.
    expect(historyWeeks(mergeAlertParams({ cusum: { enabled: false } }))).toBe(18);
  });

  it('rejects values out of range, unknown fields and inconsistent pairs', () => {
    expect(() => mergeAlertParams({ currentWeeks: 5 })).toThrow(AlertParamsError);
    expect(() => mergeAlertParams({ currentWeeks: 2.5 })).toThrow(/currentWeeks/);
    expect(() => mergeAlertParams({ currentWeeks: 4, maxCurrentWeeks: 3 })).toThrow(/maxCurrentWeeks/);
    expect(() => mergeAlertParams({ dispersion: { priorWeeks: -1 } })).toThrow(/dispersion.priorWeeks/);
    expect(() => mergeAlertParams({ qThreshold: 0 })).toThrow(/qThreshold/);
    expect(() => mergeAlertParams({ minRelativeDrop: 1 })).toThrow(/minRelativeDrop/);
    expect(() => mergeAlertParams({ immediateQ: 0.2, qThreshold: 0.1 })).toThrow(/immediateQ/);
    expect(() => mergeAlertParams({ cusum: { threshold: -1 } })).toThrow(/cusum\.threshold/);
    expect(() => mergeAlertParams({ bogus: 1 } as never)).toThrow(/bogus: unknown/);
    try {
      mergeAlertParams({ currentWeeks: 9, renotifyDays: 0 });
      expect.unreachable();
    } catch (e) {
      expect((e as AlertParamsError).issues.map((i) => i.path).sort()).toEqual(['currentWeeks', 'renotifyDays']);
    }
  });
});

describe('maturity windows and cohorts', () => {
  it('takes the 75th percentile of time in stage, clamped, with a fallback for thin stages', () => {
    // 12 samples 5, 10, ..., 60: type-7 p75 at h = 11 × 0.75 = 8.25 → 45 + 0.25 × 5 = 46.25 → 47 days.
    const samples = Array.from({ length: 12 }, (_, i) => 5 * (i + 1));
    const w = maturityWindows({ qualified: samples, demo: [3, 4, 5], quick: new Array(12).fill(1), slow: new Array(12).fill(400) });
    expect(w.qualified).toBe(47);
    expect(w.demo).toBe(DEFAULT_ALERT_PARAMS.maturity.fallbackDays);
    expect(w.quick).toBe(DEFAULT_ALERT_PARAMS.maturity.minDays);
    expect(w.slow).toBe(DEFAULT_ALERT_PARAMS.maturity.maxDays);
  });

  it('turns stage stays into matured weekly cohorts per transition and segment', () => {
    const at = (date: string, hours = 12) => Date.parse(`${date}T00:00:00Z`) + hours * 3_600_000;
    const stays: StageStay[] = [
      // Week of 2024-05-06 (Monday): converted within 14 days, converted too late, never converted.
      { from: 'qualified', to: 'demo', enteredAt: at('2024-05-06'), reachedAt: at('2024-05-16'), segments: { owner: 'ann', source: 'web' } },
      { from: 'qualified', to: 'demo', enteredAt: at('2024-05-08'), reachedAt: at('2024-05-30'), segments: { owner: 'ann', source: null } },
      { from: 'qualified', to: 'demo', enteredAt: at('2024-05-12'), reachedAt: null, segments: { owner: 'bob' } },
      // Week of 2024-05-13: one conversion.
      { from: 'qualified', to: 'demo', enteredAt: at('2024-05-14'), reachedAt: at('2024-05-15'), segments: { owner: 'bob' } },
      // Week of 2024-05-20 is immature on 2024-06-03 (2024-05-20 + 7 + 14 = 2024-06-10).
      { from: 'qualified', to: 'demo', enteredAt: at('2024-05-21'), reachedAt: null, segments: { owner: 'bob' } },
    ];
    const out = buildCohorts(stays, { asOf: '2024-06-03', maturityDays: { qualified: 14 }, weeks: 3, openValue: { qualified: 5000 } });
    const all = out.find((s) => s.segment === null)!;
    expect(all.cohorts).toEqual([
      { weekStart: '2024-04-29', entered: 0, converted: 0 },
      { weekStart: '2024-05-06', entered: 3, converted: 1 },
      { weekStart: '2024-05-13', entered: 1, converted: 1 },
    ]);
    expect(all.maturityDays).toBe(14);
    expect(all.openValue).toBe(5000);
    const ann = out.find((s) => s.segment?.value === 'ann')!;
    expect(ann.cohorts.map((c) => [c.entered, c.converted])).toEqual([[0, 0], [2, 1], [0, 0]]);
    const web = out.find((s) => s.segment?.dimension === 'source')!;
    expect(web.segment).toEqual({ dimension: 'source', value: 'web' });
    expect(out.filter((s) => s.segment?.dimension === 'source')).toHaveLength(1); // the null source is in no segment
  });
});

describe('scan', () => {
  // Baseline 20 deals a week at 50%; the tests change the recent weeks.
  const normal: Counts = [20, 10];

  it('says nothing below the minimum samples, and says what the series would need', () => {
    // 3 deals a week: even the widest window (6 weeks × 3 = 18 < 20) is under-sampled.
    const thin = scan({ series: [series(() => [3, 0])] }, [], DEFAULT_ALERT_PARAMS, scanFor(30));
    expect(thin.findings).toEqual([]);
    expect(thin.notifications).toEqual([]);
    expect(thin.state).toEqual([]);
    // ~N deals a week: ceil(max(20 / 6, 40 / 12)) = 4.
    expect(thin.watch).toEqual([{ key: 'qualified->demo|all', from: 'qualified', to: 'demo', segment: null, watched: false, neededPerWeek: 4 }]);
    // Baseline: 12 weeks × 3 deals = 36 < 40.
    const thinBase = scan({ series: [series((w) => (w >= 29 ? [30, 0] : [3, 2]))] }, [], DEFAULT_ALERT_PARAMS, scanFor(30));
    expect(thinBase.findings).toEqual([]);
    expect(thinBase.notifications).toEqual([]);
  });

  it('fires a clear drop on the second consecutive scan, not the first', () => {
    // From week 29 on: 15 deals a week, 4 converted (26.7% vs 50%).
    const input = () => [series((w) => (w >= 29 ? [15, 4] : normal))];
    // Precondition, by hand: the first scan's window (weeks 29–30) is 8/30 vs 120/240, significant
    // but not overwhelming (so neither the immediate path nor the CUSUM decides here).
    const p = fisherOneSided(8, 22, 120, 120, 'less');
    expect(p).toBeLessThan(DEFAULT_ALERT_PARAMS.qThreshold);
    expect(p).toBeGreaterThan(DEFAULT_ALERT_PARAMS.immediateQ);

    const [first, second] = scans(input, [30, 31], noCusum);
    expect(first!.notifications).toEqual([]);
    expect(first!.findings[0]!.pValue).toBeCloseTo(p, 12);
    expect(first!.state).toMatchObject([{ key: 'qualified->demo|all', status: 'pending', signalStreak: 1 }]);
    expect(second!.notifications).toHaveLength(1);
    expect(second!.notifications[0]).toMatchObject({ kind: 'fired', key: 'qualified->demo|all', asOf: scanFor(31) });
    expect(second!.notifications[0]!.evidence).toMatchObject({ trigger: 'persistent', signalScans: 2 });
    expect(second!.notifications[0]!.evidence.current).toMatchObject({ entered: 30, converted: 8, firstWeek: weekStart(30), lastWeek: weekStart(31) });
    expect(second!.state).toMatchObject([{ status: 'open', openedAt: scanFor(31) }]);
  });

  it('does not count a re-run of the same scan as a second consecutive scan', () => {
    const input = [series((w) => (w >= 29 ? [15, 4] : normal))];
    const first = scan({ series: input }, [], noCusum, scanFor(30));
    const again = scan({ series: input }, first.state, noCusum, addDays(scanFor(30), 2)); // same matured week
    expect(again.notifications).toEqual([]);
    expect(again.state[0]).toMatchObject({ status: 'pending', signalStreak: 1 });
  });

  it('fires a huge drop (q far below the immediate threshold) at once', () => {
    const r = scan({ series: [series((w) => (w >= 29 ? [20, 0] : normal))] }, [], noCusum, scanFor(30));
    expect(r.findings[0]!.qValue).toBeLessThan(0.001);
    expect(r.notifications).toHaveLength(1);
    expect(r.notifications[0]!.evidence.trigger).toBe('immediate');
    expect(r.notifications[0]!.severity).toBe('critical'); // a 100% drop ≥ criticalDrop (50%)
  });

  it('fires at once when q ≤ the configured immediate threshold (e.g. the 0.01 of the issue)', () => {
    // 10/40 vs 120/240: q = p (one test) between 0.001 and 0.01.
    const p = fisherOneSided(10, 30, 120, 120, 'less');
    expect(p).toBeLessThan(0.01);
    expect(p).toBeGreaterThan(0.001);
    const input = [series((w) => (w >= 29 ? [20, 5] : normal))];
    expect(scan({ series: input }, [], noCusum, scanFor(30)).notifications).toEqual([]);
    const loose = mergeAlertParams({ immediateQ: 0.01, cusum: { enabled: false } });
    expect(scan({ series: input }, [], loose, scanFor(30)).notifications[0]?.evidence.trigger).toBe('immediate');
  });

  it('lets the CUSUM fire a sustained moderate drop at once', () => {
    // 30 deals a week at 50%, then 3 weeks at 30% (9/30). Per week the log-likelihood ratio for
    // p1 = 0.5 × (1 − 0.4) = 0.3 is 9 ln(0.3/0.5) + 21 ln(0.7/0.5) ≈ 2.47, so 3 weeks ≈ 7.4 ≥ h.
    const input = [series((w) => (w >= 28 ? [30, 9] : [30, 15]))];
    const weekly = 9 * Math.log(0.6) + 21 * Math.log(1.4);
    expect(3 * weekly).toBeGreaterThan(DEFAULT_ALERT_PARAMS.cusum.threshold);
    expect(2 * weekly).toBeLessThan(DEFAULT_ALERT_PARAMS.cusum.threshold);
    const r = scan({ series: input }, [], DEFAULT_ALERT_PARAMS, scanFor(30));
    const f = r.findings[0]!;
    expect(f.qValue).toBeGreaterThan(DEFAULT_ALERT_PARAMS.immediateQ); // the Fisher window alone would wait
    expect(f.cusum!.statistic).toBeCloseTo(3 * weekly, 9);
    expect(r.notifications[0]!.evidence.trigger).toBe('cusum');
    expect(r.notifications[0]!.evidence.current).toMatchObject({ entered: 90, converted: 27, firstWeek: weekStart(28) });
    expect(scan({ series: input }, [], noCusum, scanFor(30)).notifications).toEqual([]);
  });

  it('resolves after two scans back within 10% of the baseline, judged on the weeks since the alert', () => {
    // Weeks 29–30 lose everything (the alert's weeks), then the rate comes back to 47.5% (19/40
    // per two weeks): not all the way to the 50% baseline, but within 10% of it (≥ 45%).
    const input = () => [series((w) => (w === 29 || w === 30 ? [20, 0] : w > 30 ? [20, 9 + (w % 2)] : normal))];
    const [fire, back1, back2, after] = scans(input, [30, 31, 32, 33]);
    expect(fire!.notifications[0]).toMatchObject({ kind: 'fired' });
    expect(fire!.state[0]!.alertWeeks).toEqual({ first: weekStart(29), last: weekStart(30) });
    // Week 31 alone (20 deals, 10 converted): the 2-week window 30–31 (25%) would still hold a lost week.
    expect(back1!.notifications).toEqual([]);
    expect(back1!.state[0]).toMatchObject({ status: 'open', recoveryStreak: 1 });
    expect(back2!.notifications).toMatchObject([{ kind: 'resolved', key: 'qualified->demo|all', openedAt: scanFor(30) }]);
    expect(back2!.notifications[0]!.evidence.current).toMatchObject({ firstWeek: weekStart(31), lastWeek: weekStart(32), entered: 40, converted: 19 });
    // Kept only as a CUSUM reset: the two lost weeks are still inside the 6-week CUSUM window, and
    // without the reset they would fire again at the next scan (2 × 20 ln(0.7/0.5) ≈ 13.5, minus
    // ≈ 5.2 for the three recovered weeks, ≈ 8.2 ≥ h).
    expect(back2!.state).toMatchObject([{ status: 'resolved', cusumAfterWeek: weekStart(32) }]);
    expect(after!.notifications).toEqual([]);
    expect(after!.findings[0]!.cusum!.statistic).toBe(0);
  });

  it('keeps a thin drop open while the weeks since the alert are still too few to judge', () => {
    // 10 deals a week: weeks 29–30 convert nothing (fires at once on the 6-week window), and the
    // rate is back afterwards. Week 31 alone holds 10 < 20 deals: no recovery counted yet.
    const input = () => [series((w) => (w === 29 || w === 30 ? [10, 0] : w > 30 ? [10, 5] : [10, 5]))];
    const [fire, thin, back1, back2] = scans(input, [30, 31, 32, 33]);
    expect(fire!.notifications.map((n) => n.kind)).toEqual(['fired']);
    expect(thin!.state[0]).toMatchObject({ status: 'open', recoveryStreak: 0 });
    expect(back1!.state[0]).toMatchObject({ status: 'open', recoveryStreak: 1 }); // weeks 31–32: 10/20
    expect(back2!.notifications.map((n) => n.kind)).toEqual(['resolved']);
  });

  it('does not resolve while the rate is still more than 10% below the baseline', () => {
    // After the drop the rate recovers only to 42.5% (17/40 per 2 weeks), below 0.9 × 50% = 45%.
    const input = () => [series((w) => (w === 29 || w === 30 ? [20, 0] : w > 30 ? [20, w % 2 === 0 ? 9 : 8] : normal))];
    const results = scans(input, [30, 31, 32, 33, 34, 35]);
    expect(results.flatMap((r) => r.notifications.map((n) => n.kind))).not.toContain('resolved');
    expect(results.at(-1)!.state[0]).toMatchObject({ status: 'open', recoveryStreak: 0 });
  });

  it('re-notifies an open alert no sooner than 14 days after the last notification', () => {
    const input = () => [series((w) => (w >= 29 ? [20, 0] : normal))];
    const [d0, d7, d14, d21, d28] = scans(input, [30, 31, 32, 33, 34]);
    expect(d0!.notifications.map((n) => n.kind)).toEqual(['fired']);
    expect(d7!.notifications).toEqual([]);
    expect(d14!.notifications.map((n) => n.kind)).toEqual(['reminder']);
    // The reminder's baseline is re-estimated: every week before the window (31–32) but the two
    // that fired (29–30); the scan holds 32 weeks (1–32), so weeks 1–28.
    expect(d14!.notifications[0]!.evidence.baseline).toMatchObject({ firstWeek: weekStart(1), lastWeek: weekStart(28), weeks: 28, entered: 560, converted: 280 });
    expect(d14!.state[0]!.baseline).toEqual(d0!.notifications[0]!.evidence.baseline); // the firing baseline, kept for display
    expect(d21!.notifications).toEqual([]);
    expect(d28!.notifications.map((n) => n.kind)).toEqual(['reminder']);
  });

  it('closes an open alert whose key has been too thin to judge for expireDays', () => {
    // Drop at weeks 29–30, then only 2 deals a week: once the widest window (6 weeks) has left the
    // drop's weeks behind, below the minimum current samples.
    const input = () => [series((w) => (w >= 31 ? [2, 1] : w >= 29 ? [20, 0] : normal))];
    const results = scans(input, [30, 36, 37, 38]);
    expect(results[0]!.notifications[0]!.kind).toBe('fired');
    expect(results[1]!.notifications).toEqual([]); // 42 days: not judged, kept open
    expect(results[1]!.state[0]!.status).toBe('open');
    expect(results[1]!.watch[0]).toMatchObject({ watched: false });
    expect(results[2]!.notifications).toEqual([]); // 49 days
    expect(results[3]!.notifications.map((n) => n.kind)).toEqual(['expired']); // 56 days
    expect(results[3]!.state).toEqual([]);
  });

  it('widens a thin window week by week, and says which window it judged', () => {
    // 8 deals a week: 2 weeks hold 16 < 20, 3 weeks hold 24. The last 3 weeks convert nothing.
    const input = [series((w) => (w >= 28 ? [8, 0] : [8, 4]))];
    const r = scan({ series: input }, [], noCusum, scanFor(30));
    expect(r.findings[0]!.current).toMatchObject({ firstWeek: weekStart(28), lastWeek: weekStart(30), weeks: 3, entered: 24, converted: 0 });
    // Its baseline is the 12 weeks before the widened window.
    expect(r.findings[0]!.baseline).toMatchObject({ firstWeek: weekStart(16), lastWeek: weekStart(27), entered: 96, converted: 48 });
    expect(r.watch).toEqual([
      { key: 'qualified->demo|all', from: 'qualified', to: 'demo', segment: null, watched: true, window: r.findings[0]!.current, dispersion: 1 },
    ]);
    expect(r.notifications.map((n) => n.kind)).toEqual(['fired']);
    // A segment with the same deals keeps the 2-week window: not judged, and it would need
    // ceil(max(20 / 2, 40 / 12)) = 10 deals a week.
    const owner = series((w) => (w >= 28 ? [8, 0] : [8, 4]), { segment: { dimension: 'owner', value: 'ann' } });
    const withOwner = scan({ series: [...input, owner] }, [], noCusum, scanFor(30));
    expect(withOwner.findings.map((f) => f.key)).toEqual(['qualified->demo|all']);
    expect(withOwner.watch.find((w) => w.segment !== null)).toMatchObject({ key: 'qualified->demo|owner=ann', watched: false, neededPerWeek: 10 });
    // With the window capped at 2 weeks (the old behaviour) the same data is not judged at all.
    const capped = scan({ series: input }, [], mergeAlertParams({ maxCurrentWeeks: 2, cusum: { enabled: false } }), scanFor(30));
    expect(capped.findings).toEqual([]);
    expect(capped.watch[0]).toMatchObject({ watched: false, neededPerWeek: 10 });
  });

  it('keeps Fisher on binomial weeks and allows for the extra variation of wandering weeks', () => {
    // Same window (12/40 = 30% vs 50%) after two kinds of history, 20 deals a week at 50% on average.
    const window = (w: number): Counts | null => (w >= 29 ? [20, 6] : null);
    // Binomial-looking history: every week 10/20 (X² = 0, φ floored at 1).
    const steady = [series((w) => window(w) ?? normal)];
    // Wandering history: weeks alternate 4/20 and 16/20 (each week adds (6²)/(20 × ¼) = 7.2 to X²: φ ≈ 7.9).
    const wandering = [series((w) => window(w) ?? [20, w % 2 === 0 ? 4 : 16])];
    const a = scan({ series: steady }, [], noCusum, scanFor(30)).findings[0]!;
    expect(a).toMatchObject({ dispersion: 1, test: 'fisher' });
    expect(a.pValue).toBeCloseTo(fisherOneSided(12, 28, 120, 120, 'less'), 12);
    expect(a.pValue).toBeLessThan(0.05);
    const b = scan({ series: wandering }, [], noCusum, scanFor(30)).findings[0]!;
    expect(b.test).toBe('quasi');
    expect(b.dispersion).toBeCloseTo(86.4 / 11, 9);
    // The same 20-point gap is within a week-to-week spread of ±30 points: t = 0.2 / √(φ × p(1−p) ×
    // (1/40 + 1/240)) ≈ 0.84 on 11 + 20 df.
    expect(b.pValue).toBeGreaterThan(0.15);
    // Switched off, the wandering series is judged as binomial again.
    const off = scan({ series: wandering }, [], mergeAlertParams({ dispersion: { enabled: false }, cusum: { enabled: false } }), scanFor(30)).findings[0]!;
    expect(off).toMatchObject({ dispersion: 1, test: 'fisher' });
  });

  it("judges recovery against a baseline re-estimated without the alert's weeks", () => {
    // True rate 50%, but the 12 weeks before the drop ran at 60% by chance; weeks 29–30 lose
    // everything, then the rate is back to its true 50%.
    const input = () => [series((w) => (w === 29 || w === 30 ? [20, 0] : w >= 17 && w <= 28 ? [20, 12] : normal))];
    const [fire, back1, back2] = scans(input, [30, 31, 32]);
    const fired = fire!.notifications[0]!;
    expect(fired.evidence.baseline.rate).toBeCloseTo(0.6, 12); // the firing baseline: weeks 17–28
    expect(fire!.state[0]!.alertWeeks).toEqual({ first: weekStart(29), last: weekStart(30) });
    // Against that frozen 60%, a 50% rate is 17% below: it would never count as recovered.
    expect(0.5).toBeLessThan((1 - DEFAULT_ALERT_PARAMS.resolveWithin) * 0.6);
    // Re-estimated at the week-31 scan: weeks 0–30 without 29–30 = 17 weeks at 50% and 12 at 60%
    // (54.1%); week 31 converts 50% ≥ 90% of that.
    expect(back1!.state[0]).toMatchObject({ status: 'open', recoveryStreak: 1 });
    expect(back2!.notifications).toHaveLength(1);
    expect(back2!.notifications[0]).toMatchObject({ kind: 'resolved' });
    // At the week-32 scan (the scan holds weeks 1–32): weeks 1–28, (16 × 10 + 12 × 12) / 560.
    expect(back2!.notifications[0]!.evidence.baseline).toMatchObject({ firstWeek: weekStart(1), lastWeek: weekStart(28), weeks: 28, entered: 560, converted: 16 * 10 + 12 * 12 });
  });

  it('lets Benjamini–Hochberg suppress a lone marginal p among many tests', () => {
    // The marginal key: 10/30 (33%) vs 120/240 (50%): p ≈ 0.06, a 33% drop.
    const marginal = series((w) => (w >= 29 ? [15, 5] : normal), { from: 's0', to: 's1' });
    const p = fisherOneSided(10, 20, 120, 120, 'less');
    expect(p).toBeLessThan(0.1);
    expect(p).toBeGreaterThan(0.01);
    const loose = mergeAlertParams({ qThreshold: 0.1, cusum: { enabled: false } });
    // Alone, q = p ≤ 0.10: the key signals (pending).
    const alone = scan({ series: [marginal] }, [], loose, scanFor(30));
    expect(alone.findings[0]!.qValue).toBeCloseTo(p, 12);
    expect(alone.state.map((s) => s.key)).toEqual(['s0->s1|all']);
    // With 29 more keys at their usual rate (15/30 vs 120/240, p ≈ 0.6), q = 30p-ish > 0.10.
    const others = Array.from({ length: 29 }, (_, i) => series((w) => (w >= 29 ? [15, 8 - (w % 2)] : normal), { from: `t${i}`, to: `t${i + 1}` }));
    const crowd = scan({ series: [marginal, ...others] }, [], loose, scanFor(30));
    const f = crowd.findings.find((x) => x.key === 's0->s1|all')!;
    expect(f.pValue).toBeCloseTo(p, 12);
    expect(f.qValue).toBeGreaterThan(0.1);
    expect(crowd.state).toEqual([]);
  });

  it('judges matured weeks only', () => {
    // Weeks up to 30 are at 50%. Weeks 31 and 32 have many entrants but no conversions *yet*:
    // on the scan date (Monday of week 33) they have had less than 7 + 14 days.
    const input = (maturityDays: number) => [series((w) => (w <= 30 ? normal : [50, 0]), { weeks: 33, maturityDays })];
    const r = scan({ series: input(T) }, [], DEFAULT_ALERT_PARAMS, scanFor(30));
    expect(r.findings[0]!.current).toMatchObject({ lastWeek: weekStart(30), entered: 40, converted: 20 });
    expect(r.notifications).toEqual([]);
    expect(r.state).toEqual([]);
    // Were those weeks (wrongly) treated as matured, the same data would fire at once.
    const wrong = scan({ series: input(0) }, [], DEFAULT_ALERT_PARAMS, scanFor(30));
    expect(wrong.notifications.map((n) => n.kind)).toEqual(['fired']);
  });

  it('drills down to the segment that carries the drop', () => {
    // Three owners with 30 deals a week each (12 web, 18 referral leads), 50% each. In the last
    // two weeks alice converts nothing; bob and carol stay at 50%. Both sources fall alike.
    const owners = ['alice', 'bob', 'carol'];
    const recent = (w: number) => w >= 29;
    const owner = (name: string) => (w: number): Counts => (recent(w) && name === 'alice' ? [30, 0] : [30, 15]);
    const source = (share: number) => (w: number): Counts => [owners.length * share, recent(w) ? 2 * (share / 2) : 3 * (share / 2)];
    const input: CohortSeries[] = [
      series((w) => (recent(w) ? [90, 30] : [90, 45]), { openValue: 1_000_000 }),
      ...owners.map((name) => series(owner(name), { segment: { dimension: 'owner', value: name } })),
      series(source(12), { segment: { dimension: 'source', value: 'web' } }),
      series(source(18), { segment: { dimension: 'source', value: 'referral' } }),
    ];
    // Sanity of the construction: the sources sum to the whole, and so do the owners.
    expect(source(12)(29)[1] + source(18)(29)[1]).toBe(30);
    expect(source(12)(5)[1] + source(18)(5)[1]).toBe(45);

    const r = scan({ series: input, currency: 'USD' }, [], DEFAULT_ALERT_PARAMS, scanFor(30));
    const all = r.notifications.find((n) => n.segment === null)!;
    expect(all.kind).toBe('fired');
    const d = all.drillDown!;
    expect(d.top.segment).toEqual({ dimension: 'owner', value: 'alice' });
    expect(d.concentrated).toBe(true);
    // 180 deals × 50% expected − 60 converted = 30 missing, all of them alice's (60 × 50% − 0).
    expect(d.totalMissing).toBeCloseTo(30, 9);
    expect(d.top.missing).toBeCloseTo(30, 9);
    expect(d.top.dealShare).toBeCloseTo(1 / 3, 12);
    // The owner key of alice fires as well; bob's and carol's do not.
    expect(r.notifications.map((n) => n.key).sort()).toEqual(['qualified->demo|all', 'qualified->demo|owner=alice']);
    // Value at risk: 1,000,000 × (50% − 33.3%) ≈ 166,667: warning by value (≥ 50,000, < 250,000),
    // and warning by the 33% drop (≥ 30%, < 50%).
    expect(all.evidence.valueAtRisk).toBeCloseTo(1_000_000 / 6, 6);
    expect(all.severity).toBe('warning');
  });

  it('raises the severity with the value at risk', () => {
    // 33% drop (warning by drop); value at risk = open value × (50% − 33.3%).
    const input = (openValue: number) => [series((w) => (w >= 29 ? [90, 30] : [90, 45]), { openValue })];
    const severity = (openValue: number) => scan({ series: input(openValue) }, [], DEFAULT_ALERT_PARAMS, scanFor(30)).notifications[0]!.severity;
    expect(severity(1)).toBe('warning');
    expect(severity(1_200_000)).toBe('warning'); // 200,000 at risk < 250,000
    expect(severity(1_800_000)).toBe('critical'); // 300,000 at risk ≥ 250,000
    const lowDrop = [series((w) => (w >= 29 ? [90, 34] : [90, 45]), { openValue: 10 })]; // 24% drop → info
    expect(scan({ series: lowDrop }, [], mergeAlertParams({ immediateQ: 0.05 }), scanFor(30)).notifications[0]!.severity).toBe('info');
  });

  it('calls a drop spread over all segments not concentrated', () => {
    const owners = ['alice', 'bob', 'carol'];
    const input: CohortSeries[] = [
      series((w) => (w >= 29 ? [90, 18] : [90, 45])),
      ...owners.map((name) => series((w) => (w >= 29 ? [30, 6] : [30, 15]), { segment: { dimension: 'owner', value: name } })),
    ];
    const all = scan({ series: input }, [], DEFAULT_ALERT_PARAMS, scanFor(30)).notifications.find((n) => n.segment === null)!;
    expect(all.drillDown!.concentrated).toBe(false);
    expect(all.drillDown!.top.dropShare).toBeCloseTo(1 / 3, 9);
  });

  it('rejects inconsistent cohorts and duplicate keys', () => {
    expect(() => scan({ series: [series(() => [5, 6])] }, [], DEFAULT_ALERT_PARAMS, scanFor(30))).toThrow(RangeError);
    expect(() => scan({ series: [series(() => normal), series(() => normal)] }, [], DEFAULT_ALERT_PARAMS, scanFor(30))).toThrow(/duplicate/);
    expect(() => scan({ series: [] }, [], DEFAULT_ALERT_PARAMS, '2024-02-30')).toThrow(RangeError);
  });
});

describe('renderAlert', () => {
  const input: CohortSeries[] = [
    series((w) => (w >= 29 ? [90, 30] : [90, 45]), { openValue: 1_000_000 }),
    series((w) => (w >= 29 ? [30, 0] : [30, 15]), { segment: { dimension: 'owner', value: 'alice' } }),
    series(() => [30, 15], { segment: { dimension: 'owner', value: 'bob' } }),
    series(() => [30, 15], { segment: { dimension: 'owner', value: 'carol' } }),
  ];
  const result = scan({ series: input, currency: 'USD' }, [], DEFAULT_ALERT_PARAMS, scanFor(30));
  const fired = result.notifications.find((n) => n.segment === null)!;
  const names: Record<string, string> = { qualified: 'Qualified', demo: 'Demo' };
  const stageName = (k: string) => names[k] ?? k;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

  it.each(['en', 'zh-CN'] as const)('shows the evidence and the drill-down in %s', (locale) => {
    const { text, data } = renderAlert(fired, locale, { stageName });
    // Current window (weeks 29–30): 60/180; baseline (weeks 17–28): 540/1080.
    expect(text).toContain('60/180');
    expect(text).toContain('540/1080');
    expect(text).toContain('33.3%');
    expect(text).toContain('50.0%');
    const wc = wilson(60, 180);
    const wb = wilson(540, 1080);
    for (const x of [wc.low, wc.high, wb.low, wb.high]) expect(text).toContain(pct(x));
    expect(text).toContain(weekStart(29));
    expect(text).toContain('Qualified → Demo');
    expect(text).toContain('alice');
    expect(text).toContain('1,000,000 USD');
    expect(text).toMatch(/p = (<0\.0001|0\.\d+)/);
    expect(text).toMatch(/q = (<0\.0001|0\.\d+)/);
    expect(data.drillDown).toContain('alice');
    expect(data.suggestion).toContain('alice'); // concentrated in alice → owner coaching
    expect(data.evidence.length).toBeGreaterThanOrEqual(3);
    if (locale === 'zh-CN') expect(text).toMatch(/转化率/);
    else expect(text).toMatch(/conversion down 33\.3%/);
  });

  it('shows the CUSUM run and, separately, the Fisher window with its own counts', () => {
    // As in the CUSUM test: 3 weeks at 9/30 after 50%. The run is weeks 28–30 (27/90) against the
    // 26 weeks before the CUSUM window (weeks 0–24 exist: 375/750); the Fisher window is weeks
    // 29–30 (18/60) against weeks 17–28 (11 × 15 + 9 = 174 of 360).
    const r = scan({ series: [series((w) => (w >= 28 ? [30, 9] : [30, 15]))] }, [], DEFAULT_ALERT_PARAMS, scanFor(30));
    const n = r.notifications[0]!;
    expect(n.evidence.trigger).toBe('cusum');
    const en = renderAlert(n, 'en').text;
    const zh = renderAlert(n, 'zh-CN').text;
    for (const text of [en, zh]) {
      expect(text).toContain('27/90');
      expect(text).toContain('375/750');
      expect(text).toContain('30.0%');
      expect(text).toContain('7.41');
      expect(text).toContain(String(DEFAULT_ALERT_PARAMS.cusum.threshold));
    }
    expect(en).toContain('(18/60 vs 174/360)');
    expect(zh).toContain('（18/60 对比 174/360）');
  });

  it('renders resolutions and reminders in both locales', () => {
    const recovered = scans(() => [series((w) => (w === 29 || w === 30 ? [20, 0] : [20, 10]))], [30, 31, 32]);
    const resolved = recovered[2]!.notifications[0]!;
    expect(resolved.kind).toBe('resolved');
    expect(renderAlert(resolved, 'en').text).toMatch(/Resolved.*50\.0%.*baseline 50\.0%/);
    expect(renderAlert(resolved, 'zh-CN').text).toMatch(/已恢复.*50\.0%/);
  });

  it('has every alert text in both locales with the same placeholders', () => {
    const c = registeredCatalogues().find((x) => x.name === 'alerts')!;
    expect(Object.keys(c.zh).sort()).toEqual(Object.keys(c.en).sort());
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(c.en)) expect(placeholders(c.zh[key]!), key).toEqual(placeholders(c.en[key]!));
  });
});
