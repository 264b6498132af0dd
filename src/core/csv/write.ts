// Writing CSV records (RFC 4180): fields are quoted when they hold a comma, a quote or
// a line break (quotes doubled), records end with CRLF, and every cell goes through the
// formula guard first. A field starting with a byte order mark is quoted too (a reader
// drops a BOM at the very start of a file).

import { guard } from './guard.js';

const NEEDS_QUOTES = /[",\r\n]|^\uFEFF/;

export function quoteField(field: string): string {
  return NEEDS_QUOTES.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** One record with its CRLF, cells guarded against formula injection. */
export function csvRecord(cells: readonly string[]): string {
  return rawCsvRecord(cells.map(guard));
}

/** One record without the guard (tests of the parser, raw tables). */
export function rawCsvRecord(cells: readonly string[]): string {
  // A record of one empty field is written "" so that it is not read as an empty line.
  if (cells.length === 1 && cells[0] === '') return '""\r\n';
  return `${cells.map(quoteField).join(',')}\r\n`;
}
