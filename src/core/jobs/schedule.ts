// Wall-clock schedules in a workspace's time zone ("Mondays 09:00 Asia/Shanghai"),
// computed with Intl only, so daylight-saving changes move the UTC instant, not the
// local time people expect.

import { localParts, zoneOffsetMs } from '../timezone.js';

export interface WallTime {
  hour: number;
  minute: number;
}

export interface WeeklyRule extends WallTime {
  kind: 'weekly';
  /** 0 = Sunday … 6 = Saturday, as in cron. */
  weekday: number;
}

export interface DailyRule extends WallTime {
  kind: 'daily';
}

export type ScheduleRule = WeeklyRule | DailyRule;

/** Offset of `tz` from UTC at the instant `at`, in milliseconds. */
function offsetAt(at: Date, tz: string): number {
  return zoneOffsetMs(at.getTime(), tz);
}


/**
 * The instant at which the local clock in `tz` shows the given wall time. As in
 * Temporal's "compatible" disambiguation: a time skipped by a spring-forward moves
 * later by the gap (02:30 → 03:30), a time repeated in autumn takes its first occurrence.
 */
export function zonedToUtc(year: number, month: number, day: number, hour: number, minute: number, tz: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // The offsets in force a day either side bracket any transition near this date.
  const before = offsetAt(new Date(wall - 86_400_000), tz);
  const after = offsetAt(new Date(wall + 86_400_000), tz);
  const candidates = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((t) => {
      const p = localParts(new Date(t), tz);
      return p.hour === hour && p.minute === minute;
    })
    .sort((a, b) => a - b);
  if (candidates.length > 0) return new Date(candidates[0] as number);
  // In a gap: the pre-transition offset lands the same distance past it.
  return new Date(wall - before);
}

function addLocalDays(year: number, month: number, day: number, days: number) {
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() };
}

/** The first occurrence of `rule` strictly after `after`. */
export function nextOccurrence(after: Date, rule: ScheduleRule, tz: string): Date {
  const today = localParts(after, tz);
  for (let i = 0; i <= 8; i++) {
    const day = addLocalDays(today.year, today.month, today.day, i);
    if (rule.kind === 'weekly' && day.weekday !== rule.weekday) continue;
    const at = zonedToUtc(day.year, day.month, day.day, rule.hour, rule.minute, tz);
    if (at.getTime() > after.getTime()) return at;
  }
  throw new Error('unreachable: a rule recurs at least weekly');
}

/** Cron pattern for the rule, for schedulers that speak cron with a time zone (BullMQ). */
export function cronOf(rule: ScheduleRule): string {
  return rule.kind === 'weekly' ? `${rule.minute} ${rule.hour} * * ${rule.weekday}` : `${rule.minute} ${rule.hour} * * *`;
}

/** ISO-8601 week key (e.g. 2026-W48) of the local date at `at`: digests are once per week. */
export function isoWeekKey(at: Date, tz: string): string {
  const p = localParts(at, tz);
  const date = new Date(Date.UTC(p.year, p.month - 1, p.day));
  // The Thursday of this ISO week decides the week-numbering year.
  date.setUTCDate(date.getUTCDate() + 3 - ((date.getUTCDay() + 6) % 7));
  const year = date.getUTCFullYear();
  const week = Math.floor((date.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Local calendar date (YYYY-MM-DD) at `at` in `tz`: daily jobs are once per local day. */
export function localDateKey(at: Date, tz: string): string {
  const p = localParts(at, tz);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}
