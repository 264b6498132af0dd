// Periods: the syntax users type (`month`, `last-quarter`, `90d`, `2026-Q1`, `2026-03`,
// `2026-01-01..2026-03-31`, ...) and its anchoring to "now" in the workspace's time zone.
// Local calendar days are handled as day numbers (days since 1970-01-01 on the proleptic
// Gregorian calendar); only their midnights are converted to instants, with Intl.

import { isTimeZone, localParts, zoneOffsetMs } from '../timezone.js';
import type { PeriodSpec, TimeWindow } from './types.js';

const DAY_MS = 86_400_000;

/** The period used when none is given: the last 90 days, today included. */
export const DEFAULT_PERIOD: PeriodSpec = { kind: 'lastDays', days: 90, text: '90d' };
export const ALL_TIME: PeriodSpec = { kind: 'all', text: 'all' };
export const MAX_DAYS = 3660;

/** Words a period can start with, for "did you mean" suggestions. */
export const PERIOD_WORDS = [
  'today',
  'week',
  'month',
  'quarter',
  'year',
  'last-week',
  'last-month',
  'last-quarter',
  'last-year',
  '7d',
  '30d',
  '90d',
  'all',
] as const;

type Unit = 'day' | 'week' | 'month' | 'quarter' | 'year';

const CALENDAR_WORDS: Record<string, [Unit, number]> = {
  today: ['day', 0],
  yesterday: ['day', -1],
  week: ['week', 0],
  'this-week': ['week', 0],
  'last-week': ['week', -1],
  month: ['month', 0],
  'this-month': ['month', 0],
  'last-month': ['month', -1],
  quarter: ['quarter', 0],
  'this-quarter': ['quarter', 0],
  'last-quarter': ['quarter', -1],
  year: ['year', 0],
  'this-year': ['year', 0],
  'last-year': ['year', -1],
  今天: ['day', 0],
  昨天: ['day', -1],
  本周: ['week', 0],
  上周: ['week', -1],
  本月: ['month', 0],
  上月: ['month', -1],
  上个月: ['month', -1],
  本季度: ['quarter', 0],
  上季度: ['quarter', -1],
  上个季度: ['quarter', -1],
  今年: ['year', 0],
  去年: ['year', -1],
};

const ALL_WORDS = ['all', 'all-time', 'alltime', 'ever', '全部', '所有'];

// ---------------------------------------------------------------------------
// Day numbers

export function dayNumber(y: number, m: number, d: number): number {
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function ymd(day: number): { y: number; m: number; d: number } {
  const t = new Date(day * DAY_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

export function formatDay(day: number): string {
  const { y, m, d } = ymd(day);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function validDay(y: number, m: number, d: number): number | null {
  if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1) return null;
  const day = dayNumber(y, m, d);
  const back = ymd(day);
  return back.m === m && back.d === d ? day : null;
}

/** ISO weekday 1 (Monday) .. 7 (Sunday); 1970-01-01 was a Thursday. */
function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

function mondayOf(day: number): number {
  return day - (isoWeekday(day) - 1);
}

/** Monday of ISO week 1 of `year` (the week holding January 4th). */
function isoWeekOne(year: number): number {
  return mondayOf(dayNumber(year, 1, 4));
}

// ---------------------------------------------------------------------------
// Time zones

/** The local day (day number) of an instant. */
export function localDay(instant: Date, timeZone: string): number {
  const w = localParts(instant, timeZone);
  return dayNumber(w.year, w.month, w.day);
}

/**
 * The first instant of a local day: local midnight, or the first valid local time
 * after it when a daylight-saving jump skips midnight.
 */
export function startOfDay(day: number, timeZone: string): Date {
  const wall = day * DAY_MS;
  let t = wall - zoneOffsetMs(wall, timeZone);
  // The offset at the guess may differ from the offset at the answer (a DST change nearby).
  for (let i = 0; i < 2; i++) {
    const next = wall - zoneOffsetMs(t, timeZone);
    if (next === t) break;
    t = next;
  }
  // In a gap, t may land on the previous local day: step forward to the day itself.
  if (localDay(new Date(t), timeZone) < day) t += zoneOffsetMs(t + DAY_MS / 2, timeZone) - zoneOffsetMs(t, timeZone);
  return new Date(t);
}

// ---------------------------------------------------------------------------
// Syntax

interface DayRange {
  first: number;
  last: number;
}

/** One calendar item: YYYY-MM-DD, YYYY-MM, YYYY, YYYY-Qn, YYYY-Wnn. */
function calendarItem(raw: string): DayRange | null {
  const s = raw.normalize('NFKC').trim().toUpperCase();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (m) {
    const day = validDay(Number(m[1]), Number(m[2]), Number(m[3]));
    return day === null ? null : { first: day, last: day };
  }
  m = /^(\d{4})[-/.](\d{1,2})$/.exec(s);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    const first = validDay(y, mo, 1);
    if (first === null) return null;
    return { first, last: (mo === 12 ? dayNumber(y + 1, 1, 1) : dayNumber(y, mo + 1, 1)) - 1 };
  }
  const qa = /^(\d{4})-?Q([1-4])$/.exec(s);
  const qb = qa ? null : /^Q([1-4])-?(\d{4})$/.exec(s);
  if (qa || qb) {
    const [y, q] = qa ? [Number(qa[1]), Number(qa[2])] : [Number(qb?.[2]), Number(qb?.[1])];
    const first = validDay(y, 3 * (q - 1) + 1, 1);
    if (first === null) return null;
    return { first, last: (q === 4 ? dayNumber(y + 1, 1, 1) : dayNumber(y, 3 * q + 1, 1)) - 1 };
  }
  m = /^(\d{4})-?W(\d{1,2})$/.exec(s);
  if (m) {
    const [y, w] = [Number(m[1]), Number(m[2])];
    if (y < 1970 || y > 9999 || w < 1) return null;
    const first = isoWeekOne(y) + 7 * (w - 1);
    if (first >= isoWeekOne(y + 1)) return null;
    return { first, last: first + 6 };
  }
  m = /^(\d{4})$/.exec(s);
  if (m) {
    const y = Number(m[1]);
    const first = validDay(y, 1, 1);
    return first === null ? null : { first, last: dayNumber(y + 1, 1, 1) - 1 };
  }
  return null;
}

function canonicalQuarter(raw: string): string {
  const s = raw.normalize('NFKC').trim().toUpperCase();
  const a = /^(\d{4})-?Q([1-4])$/.exec(s);
  if (a) return `${a[1]}-Q${a[2]}`;
  const b = /^Q([1-4])-?(\d{4})$/.exec(s);
  if (b) return `${b[2]}-Q${b[1]}`;
  const w = /^(\d{4})-?W(\d{1,2})$/.exec(s);
  if (w) return `${w[1]}-W${String(Number(w[2])).padStart(2, '0')}`;
  return s;
}

const RANGE_SEPARATORS = /\.\.|～|~|—|–|至/u;

/**
 * Reads a period word. Returns null when the word is not a period (the parser then
 * reports it); never throws.
 */
export function parsePeriod(raw: string): PeriodSpec | null {
  const word = raw.normalize('NFKC').trim().toLowerCase().replace(/_/g, '-').replace(/\s+/g, '-').replace(/^(?:past|previous)-/, 'last-');
  if (word.length === 0 || word.length > 60) return null;
  if (ALL_WORDS.includes(word)) return { kind: 'all', text: 'all' };
  const cal = Object.hasOwn(CALENDAR_WORDS, word) ? CALENDAR_WORDS[word] : undefined;
  if (cal) {
    const [unit, offset] = cal;
    const names: Record<Unit, string> = { day: 'today', week: 'week', month: 'month', quarter: 'quarter', year: 'year' };
    const text = offset === 0 ? names[unit] : unit === 'day' ? 'yesterday' : `last-${unit}`;
    return { kind: 'calendar', unit, offset, text };
  }
  const days = /^(?:last-)?(\d{1,4})(?:d|-days?|days?|天)$/.exec(word);
  if (days) {
    const n = Number(days[1]);
    if (n < 1 || n > MAX_DAYS) return null;
    return { kind: 'lastDays', days: n, text: `${n}d` };
  }
  const sep = RANGE_SEPARATORS.exec(word);
  if (sep) {
    const left = word.slice(0, sep.index);
    const right = word.slice(sep.index + sep[0].length);
    const a = calendarItem(left);
    if (a === null) return null;
    if (right === '') return { kind: 'range', from: formatDay(a.first), to: null, text: `${formatDay(a.first)}..` };
    const b = calendarItem(right);
    if (b === null || b.last < a.first) return null;
    return { kind: 'range', from: formatDay(a.first), to: formatDay(b.last), text: `${formatDay(a.first)}..${formatDay(b.last)}` };
  }
  const item = calendarItem(word);
  if (item === null) return null;
  return { kind: 'range', from: formatDay(item.first), to: formatDay(item.last), text: canonicalQuarter(word) };
}

// ---------------------------------------------------------------------------
// Anchoring

export interface Period {
  /** The period as typed, canonical (`90d`, `month`, `2026-Q1`, `all`). */
  spec: string;
  timezone: string;
  /** Local dates, both included; null for all time. */
  firstDay: string | null;
  lastDay: string | null;
  /** The instants [from, to) sent to the database; null for all time. */
  window: TimeWindow | null;
}

function calendarRange(unit: Unit, offset: number, today: number): DayRange {
  const { y, m } = ymd(today);
  switch (unit) {
    case 'day':
      return { first: today + offset, last: today + offset };
    case 'week': {
      const first = mondayOf(today) + 7 * offset;
      return { first, last: first + 6 };
    }
    case 'month': {
      const index = y * 12 + (m - 1) + offset;
      const [fy, fm] = [Math.floor(index / 12), (index % 12) + 1];
      const next = index + 1;
      return { first: dayNumber(fy, fm, 1), last: dayNumber(Math.floor(next / 12), (next % 12) + 1, 1) - 1 };
    }
    case 'quarter': {
      const index = y * 4 + Math.floor((m - 1) / 3) + offset;
      const [fy, fq] = [Math.floor(index / 4), index % 4];
      const next = index + 1;
      return { first: dayNumber(fy, 3 * fq + 1, 1), last: dayNumber(Math.floor(next / 4), 3 * (next % 4) + 1, 1) - 1 };
    }
    case 'year':
      return { first: dayNumber(y + offset, 1, 1), last: dayNumber(y + offset + 1, 1, 1) - 1 };
  }
}

function parseDay(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return dayNumber(y ?? 1970, m ?? 1, d ?? 1);
}

/** Anchors a period to `now` in `timeZone` (an invalid zone falls back to UTC). */
export function resolvePeriod(spec: PeriodSpec, now: Date, timeZone: string): Period {
  const tz = isTimeZone(timeZone) ? timeZone : 'UTC';
  if (spec.kind === 'all') return { spec: spec.text, timezone: tz, firstDay: null, lastDay: null, window: null };
  const today = localDay(now, tz);
  let range: DayRange;
  switch (spec.kind) {
    case 'calendar':
      range = calendarRange(spec.unit, spec.offset, today);
      break;
    case 'lastDays':
      range = { first: today - spec.days + 1, last: today };
      break;
    case 'range':
      range = { first: parseDay(spec.from), last: spec.to === null ? Math.max(today, parseDay(spec.from)) : parseDay(spec.to) };
      break;
  }
  return {
    spec: spec.text,
    timezone: tz,
    firstDay: formatDay(range.first),
    lastDay: formatDay(range.last),
    window: { from: startOfDay(range.first, tz), to: startOfDay(range.last + 1, tz) },
  };
}

/** Days covered by a period (null for all time). */
export function periodDays(p: Period): number | null {
  if (p.firstDay === null || p.lastDay === null) return null;
  return parseDay(p.lastDay) - parseDay(p.firstDay) + 1;
}
