// Plain-text tables for the terminal and chat code blocks: columns padded to the
// display width (CJK characters take two cells), numbers right-aligned.

import { numberFormat } from '../intl.js';
import type { Locale } from '../model.js';

const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || (cp >= 0x300 && cp < 0x370) || cp === 0x200b) continue; // controls, combining marks
    w += WIDE.test(ch) || cp >= 0x20000 ? 2 : 1;
  }
  return w;
}

export function truncate(s: string, max: number): string {
  if (displayWidth(s) <= max) return s;
  let out = '';
  for (const ch of s) {
    if (displayWidth(out + ch) > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

function pad(s: string, width: number, right: boolean): string {
  const gap = Math.max(0, width - displayWidth(s));
  return right ? ' '.repeat(gap) + s : s + ' '.repeat(gap);
}

export interface Column {
  title: string;
  /** Right-align (numbers). */
  right?: boolean;
  /** Cut longer cells (names) to this display width. */
  max?: number;
}

/** Renders rows under a header; every line is indented by `indent` spaces, trailing spaces trimmed. */
export function table(columns: readonly Column[], rows: readonly (readonly string[])[], indent = 2): string {
  const cells = rows.map((r) => columns.map((c, i) => (c.max ? truncate(r[i] ?? '', c.max) : (r[i] ?? ''))));
  const widths = columns.map((c, i) => Math.max(displayWidth(c.title), ...cells.map((r) => displayWidth(r[i] ?? ''))));
  const line = (r: readonly string[]) =>
    (' '.repeat(indent) + r.map((cell, i) => pad(cell, widths[i] ?? 0, columns[i]?.right ?? false)).join('  ')).replace(/\s+$/u, '');
  return [line(columns.map((c) => c.title)), ...cells.map(line)].join('\n');
}

// ---------------------------------------------------------------------------
// Number formats shared by the analytics texts

export const DASH = '—';

/** A fraction as a whole percentage ("42%"); null → "—". */
export function pct(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  return `${Math.round(x * 100)}%`;
}

/** A percentage range "31–55%". */
export function pctRange(low: number, high: number): string {
  return `${Math.round(low * 100)}–${Math.round(high * 100)}%`;
}

/** Days: one decimal below 10, whole days above. */
export function days(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  return x < 10 ? x.toFixed(1) : String(Math.round(x));
}

const WHOLE = { maximumFractionDigits: 0 };

export function money(x: number | null | undefined, locale: Locale): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  return numberFormat(locale, WHOLE).format(x);
}

export function count(x: number, locale: Locale): string {
  return numberFormat(locale, WHOLE).format(x);
}

export function ratio(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  return x.toFixed(1);
}

/** p- and q-values: 2 significant digits, "<0.001" below. */
export function pValue(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  if (x < 0.001) return '<0.001';
  return x >= 0.1 ? x.toFixed(2) : x.toPrecision(2);
}
