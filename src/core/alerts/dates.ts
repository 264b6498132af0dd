// Calendar arithmetic on whole days (pure: no clock, no time zones beyond an explicit offset).
// A "day" is the number of days since 1970-01-01; weeks start on Monday (ISO weeks).

export const DAY_MS = 86_400_000;

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/;
const cache = new Map<string, number>();

/** 'YYYY-MM-DD' (a trailing time part is ignored) → day number. Throws on an invalid date. */
export function parseDay(iso: string): number {
  const hit = cache.get(iso);
  if (hit !== undefined) return hit;
  const m = ISO_DAY.exec(iso);
  if (!m) throw new RangeError(`expected an ISO date YYYY-MM-DD, got "${iso}"`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`invalid calendar date "${iso}"`);
  }
  const day = ms / DAY_MS;
  if (cache.size > 50_000) cache.clear();
  cache.set(iso, day);
  return day;
}

/** Day number → 'YYYY-MM-DD'. */
export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday on or before `day` (1970-01-01 was a Thursday). */
export function mondayOf(day: number): number {
  return day - (((day + 3) % 7) + 7) % 7;
}

/** Epoch milliseconds → local day number, for a workspace whose clock is `utcOffsetMinutes` ahead of UTC. */
export function dayOfInstant(epochMs: number, utcOffsetMinutes = 0): number {
  return Math.floor((epochMs + utcOffsetMinutes * 60_000) / DAY_MS);
}
