// Calendar arithmetic on whole days (pure: no clock, no time zones beyond an explicit offset).
// A "day" is the number of days since 1970-01-01; weeks start on Monday (ISO weeks).

export const DAY_MS = 86_400_000;

/** Days from 1970-01-01 to the given proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function digits(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** 'YYYY-MM-DD' (a trailing 'T…' time part is ignored) → day number. Throws on an invalid date. */
export function parseDay(iso: string): number {
  const y = digits(iso, 0, 4);
  const m = digits(iso, 5, 2);
  const d = digits(iso, 8, 2);
  const ok =
    iso.length >= 10 &&
    iso.charCodeAt(4) === 45 &&
    iso.charCodeAt(7) === 45 &&
    (iso.length === 10 || iso.charCodeAt(10) === 84) &&
    y >= 0 &&
    m >= 1 &&
    m <= 12 &&
    d >= 1 &&
    d <= (m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : DAYS_IN_MONTH[m - 1]!);
  if (!ok) throw new RangeError(`expected an ISO date YYYY-MM-DD, got "${iso}"`);
  return daysFromCivil(y, m, d);
}

const mondays = new Map<string, number>();

/** The Monday on or before the ISO date `iso` (memoised: cohort week starts repeat across scans). */
export function weekOf(iso: string): number {
  let day = mondays.get(iso);
  if (day === undefined) {
    day = mondayOf(parseDay(iso));
    if (mondays.size > 50_000) mondays.clear();
    mondays.set(iso, day);
  }
  return day;
}

const formatted = new Map<number, string>();

/** Day number → 'YYYY-MM-DD'. */
export function formatDay(day: number): string {
  let s = formatted.get(day);
  if (s === undefined) {
    s = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (formatted.size > 50_000) formatted.clear();
    formatted.set(day, s);
  }
  return s;
}

/** The Monday on or before `day` (1970-01-01 was a Thursday). */
export function mondayOf(day: number): number {
  return day - (((day + 3) % 7) + 7) % 7;
}

/** Epoch milliseconds → local day number, for a workspace whose clock is `utcOffsetMinutes` ahead of UTC. */
export function dayOfInstant(epochMs: number, utcOffsetMinutes = 0): number {
  return Math.floor((epochMs + utcOffsetMinutes * 60_000) / DAY_MS);
}
