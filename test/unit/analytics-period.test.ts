import { describe, expect, it } from 'vitest';
import { DEFAULT_PERIOD, parsePeriod, resolvePeriod, startOfDay, dayNumber, localDay, periodDays } from '../../src/core/analytics/period.js';
import type { PeriodSpec } from '../../src/core/analytics/types.js';

function spec(word: string): PeriodSpec {
  const s = parsePeriod(word);
  if (s === null) throw new Error(`not a period: ${word}`);
  return s;
}

/** [firstDay, lastDay, window start, window end] of a period word. */
function days(word: string, now: string, tz = 'UTC'): [string | null, string | null, string | null, string | null] {
  const p = resolvePeriod(spec(word), new Date(now), tz);
  return [p.firstDay, p.lastDay, p.window?.from.toISOString() ?? null, p.window?.to.toISOString() ?? null];
}

describe('period syntax', () => {
  it('reads calendar words, rolling days, quarters, months, years, weeks and ranges', () => {
    expect(spec('month')).toEqual({ kind: 'calendar', unit: 'month', offset: 0, text: 'month' });
    expect(spec('Last-Quarter')).toEqual({ kind: 'calendar', unit: 'quarter', offset: -1, text: 'last-quarter' });
    expect(spec('last week')).toEqual({ kind: 'calendar', unit: 'week', offset: -1, text: 'last-week' });
    expect(spec('90d')).toEqual({ kind: 'lastDays', days: 90, text: '90d' });
    expect(spec('last-30-days')).toEqual({ kind: 'lastDays', days: 30, text: '30d' });
    expect(spec('2026-Q1')).toEqual({ kind: 'range', from: '2026-01-01', to: '2026-03-31', text: '2026-Q1' });
    expect(spec('q4-2025')).toEqual({ kind: 'range', from: '2025-10-01', to: '2025-12-31', text: '2025-Q4' });
    expect(spec('2024-02')).toEqual({ kind: 'range', from: '2024-02-01', to: '2024-02-29', text: '2024-02' });
    expect(spec('2026')).toEqual({ kind: 'range', from: '2026-01-01', to: '2026-12-31', text: '2026' });
    expect(spec('2026-W01')).toEqual({ kind: 'range', from: '2025-12-29', to: '2026-01-04', text: '2026-W01' });
    expect(spec('2026-01-01..2026-03-31')).toMatchObject({ from: '2026-01-01', to: '2026-03-31' });
    expect(spec('2026-01..2026-02')).toMatchObject({ from: '2026-01-01', to: '2026-02-28' });
    expect(spec('2026-02-01..')).toMatchObject({ from: '2026-02-01', to: null });
    expect(spec('all')).toEqual({ kind: 'all', text: 'all' });
    expect(spec('上季度')).toMatchObject({ unit: 'quarter', offset: -1 });
    expect(spec('本月')).toMatchObject({ unit: 'month', offset: 0 });
  });

  it('refuses what is not a period', () => {
    for (const w of ['', 'x', 'montth', '2026-02-30', '2026-13', '2026-Q5', '2026-W60', '0d', '99999d', '2026-03-31..2026-01-01', '1969']) {
      expect(parsePeriod(w), w).toBeNull();
    }
  });
});

describe('period anchoring', () => {
  const NOW = '2026-03-08T23:30:00Z';

  it('anchors calendar periods to today in UTC (weeks start on Monday)', () => {
    expect(days('week', NOW)).toEqual(['2026-03-02', '2026-03-08', '2026-03-02T00:00:00.000Z', '2026-03-09T00:00:00.000Z']);
    expect(days('last-week', NOW).slice(0, 2)).toEqual(['2026-02-23', '2026-03-01']);
    expect(days('month', NOW).slice(0, 2)).toEqual(['2026-03-01', '2026-03-31']);
    expect(days('last-month', NOW).slice(0, 2)).toEqual(['2026-02-01', '2026-02-28']);
    expect(days('quarter', NOW).slice(0, 2)).toEqual(['2026-01-01', '2026-03-31']);
    expect(days('last-quarter', NOW).slice(0, 2)).toEqual(['2025-10-01', '2025-12-31']);
    expect(days('last-month', '2026-01-15T00:00:00Z').slice(0, 2)).toEqual(['2025-12-01', '2025-12-31']);
    expect(days('year', NOW).slice(0, 2)).toEqual(['2026-01-01', '2026-12-31']);
    expect(days('today', NOW).slice(0, 2)).toEqual(['2026-03-08', '2026-03-08']);
  });

  it('counts rolling days back from today, today included', () => {
    expect(days('90d', NOW).slice(0, 2)).toEqual(['2025-12-09', '2026-03-08']);
    expect(days('1d', NOW).slice(0, 2)).toEqual(['2026-03-08', '2026-03-08']);
    expect(DEFAULT_PERIOD).toEqual({ kind: 'lastDays', days: 90, text: '90d' });
    expect(periodDays(resolvePeriod(DEFAULT_PERIOD, new Date(NOW), 'UTC'))).toBe(90);
    expect(days('2026-02-01..', NOW).slice(0, 2)).toEqual(['2026-02-01', '2026-03-08']);
  });

  it('uses the workspace time zone, daylight saving included', () => {
    // 23:30 UTC on March 8 is already March 9 in Shanghai.
    expect(days('today', NOW, 'Asia/Shanghai')).toEqual(['2026-03-09', '2026-03-09', '2026-03-08T16:00:00.000Z', '2026-03-09T16:00:00.000Z']);
    // New York switches to daylight time on 2026-03-08: that day has 23 hours.
    expect(days('today', NOW, 'America/New_York')).toEqual(['2026-03-08', '2026-03-08', '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
    expect(days('2026-Q1', NOW, 'America/New_York').slice(2)).toEqual(['2026-01-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z']);
    // An unknown zone falls back to UTC.
    expect(resolvePeriod(spec('month'), new Date(NOW), 'Mars/Olympus').timezone).toBe('UTC');
  });

  it('starts a day at its first valid instant when daylight saving skips midnight', () => {
    // Chile moves 00:00 → 01:00 on the first Sunday of September.
    const start = startOfDay(dayNumber(2026, 9, 6), 'America/Santiago');
    expect(localDay(start, 'America/Santiago')).toBe(dayNumber(2026, 9, 6));
    expect(localDay(new Date(start.getTime() - 1), 'America/Santiago')).toBe(dayNumber(2026, 9, 5));
  });

  it('has no window for all time', () => {
    const p = resolvePeriod(spec('all'), new Date(NOW), 'UTC');
    expect(p.window).toBeNull();
    expect(p.firstDay).toBeNull();
  });
});
