import { describe, expect, it } from 'vitest';
import { cronOf, isoWeekKey, localDateKey, nextOccurrence, zonedToUtc } from '../../src/core/jobs/schedule.js';

const monday9 = { kind: 'weekly', weekday: 1, hour: 9, minute: 0 } as const;

describe('wall-clock schedules', () => {
  it('convert local wall time to UTC in any zone', () => {
    expect(zonedToUtc(2026, 7, 1, 9, 0, 'Europe/Berlin').toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(zonedToUtc(2026, 1, 5, 9, 0, 'Asia/Shanghai').toISOString()).toBe('2026-01-05T01:00:00.000Z');
    expect(zonedToUtc(2026, 1, 5, 9, 0, 'UTC').toISOString()).toBe('2026-01-05T09:00:00.000Z');
  });

  it('keep 09:00 local across daylight-saving changes', () => {
    // Berlin: CET (+1) until 29 March 2026, CEST (+2) after, CET again from 25 October.
    expect(nextOccurrence(new Date('2026-03-27T12:00:00Z'), monday9, 'Europe/Berlin').toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(nextOccurrence(new Date('2026-03-20T12:00:00Z'), monday9, 'Europe/Berlin').toISOString()).toBe('2026-03-23T08:00:00.000Z');
    expect(nextOccurrence(new Date('2026-10-24T12:00:00Z'), monday9, 'Europe/Berlin').toISOString()).toBe('2026-10-26T08:00:00.000Z');
    // New York springs forward on 8 March 2026.
    expect(nextOccurrence(new Date('2026-03-07T12:00:00Z'), monday9, 'America/New_York').toISOString()).toBe('2026-03-09T13:00:00.000Z');
  });

  it('move a time skipped by spring-forward later by the gap, and take the first of a repeated time', () => {
    expect(zonedToUtc(2026, 3, 29, 2, 30, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
    expect(zonedToUtc(2026, 10, 25, 2, 30, 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z'); // first 02:30 (CEST)
  });

  it('are strictly after the given instant', () => {
    const at = new Date('2026-03-23T08:00:00Z'); // exactly Monday 09:00 CET
    expect(nextOccurrence(at, monday9, 'Europe/Berlin').toISOString()).toBe('2026-03-30T07:00:00.000Z');
    const daily = { kind: 'daily', hour: 7, minute: 30 } as const;
    expect(nextOccurrence(new Date('2026-06-01T07:29:59Z'), daily, 'UTC').toISOString()).toBe('2026-06-01T07:30:00.000Z');
  });

  it('name periods by local ISO week and local date', () => {
    expect(isoWeekKey(new Date('2026-11-29T12:00:00Z'), 'UTC')).toBe('2026-W48');
    expect(isoWeekKey(new Date('2027-01-01T12:00:00Z'), 'UTC')).toBe('2026-W53');
    expect(isoWeekKey(new Date('2026-01-01T00:00:00Z'), 'UTC')).toBe('2026-W01');
    // Sunday 23:30 UTC is already Monday in Shanghai: a new week there.
    expect(isoWeekKey(new Date('2026-11-29T23:30:00Z'), 'Asia/Shanghai')).toBe('2026-W49');
    expect(localDateKey(new Date('2026-11-29T23:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-30');
  });

  it('speak cron for BullMQ', () => {
    expect(cronOf(monday9)).toBe('0 9 * * 1');
    expect(cronOf({ kind: 'daily', hour: 7, minute: 30 })).toBe('30 7 * * *');
  });
});
