// List cells: several values in one CSV cell. Items are separated by ";" (tags also by
// commas), a contact's parts by "|", and a backslash makes the next character literal,
// so any name round-trips:
//
//   contacts     Wang Wei|decision_maker|CTO|2026-01-05T09:00:00.000Z; Li Na|champion|
//                name|role|title|added at  (title and added-at optional)
//   competitors  Globex; Initech      or  none  (recorded explicitly: no competitor)
//   tags         enterprise; q3
//
// A competitor literally called "none" is written \none.

import type { ContactRole } from '../model.js';

const CONTACT_SPECIALS = /[\\;|]/g;
const COMPETITOR_SPECIALS = /[\\;]/g;
const TAG_SPECIALS = /[\\;,，、]/g;

export const NONE_WORDS = ['none', '无', '没有'];

function escapeWith(value: string, specials: RegExp): string {
  return value.replace(specials, '\\$&');
}

/**
 * Splits at unescaped separators, keeping the escapes in the pieces (a second split
 * can still tell an escaped separator from a real one).
 */
export function splitKeepingEscapes(cell: string, separators: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < cell.length; i++) {
    const ch = cell[i] as string;
    if (ch === '\\') {
      i++; // skip the escaped character, whatever it is
      continue;
    }
    if (separators.includes(ch)) {
      out.push(cell.slice(start, i));
      start = i + 1;
    }
  }
  out.push(cell.slice(start));
  return out;
}

/** Removes the escapes: a backslash stands for the character after it (a trailing one for itself). */
export function unescapeItem(piece: string): string {
  return piece.replace(/\\([\s\S])/g, '$1');
}

/** Items of a list cell, unescaped and trimmed, empty items dropped. */
export function splitList(cell: string, separators: string): string[] {
  return splitKeepingEscapes(cell, separators)
    .map((p) => unescapeItem(p).trim())
    .filter((p) => p.length > 0);
}

export interface ContactCell {
  name: string;
  role: ContactRole;
  title: string | null;
  addedAt: Date | null;
}

export function encodeContacts(contacts: readonly { name: string; role: string; title: string | null; addedAt?: Date | null }[]): string {
  return contacts
    .map((c) => {
      const parts = [escapeWith(c.name, CONTACT_SPECIALS), c.role, escapeWith(c.title ?? '', CONTACT_SPECIALS)];
      if (c.addedAt) parts.push(c.addedAt.toISOString());
      return parts.join('|');
    })
    .join('; ');
}

/** The raw parts of every contact in a cell: [name, role, title?, addedAt?], unescaped and trimmed. */
export function contactParts(cell: string): string[][] {
  return splitKeepingEscapes(cell, ';')
    .filter((item) => item.trim().length > 0)
    .map((item) => splitKeepingEscapes(item, '|').map((p) => unescapeItem(p).trim()));
}

export function encodeCompetitors(competitors: readonly string[], none: boolean): string {
  if (none) return 'none';
  return competitors
    .map((c) => {
      const escaped = escapeWith(c, COMPETITOR_SPECIALS);
      return NONE_WORDS.includes(c.trim().toLowerCase()) ? `\\${escaped}` : escaped;
    })
    .join('; ');
}

export type CompetitorCell = { none: true; names: [] } | { none: false; names: string[] };

export function isNoneCell(cell: string): boolean {
  return NONE_WORDS.includes(cell.trim().toLowerCase());
}

/**
 * "none" alone, or a list of names (an escaped \none is a name); 'noneMixed' when an
 * unescaped "none" stands among names.
 */
export function decodeCompetitors(cell: string): CompetitorCell | 'noneMixed' {
  const pieces = splitKeepingEscapes(cell, ';').filter((p) => p.trim().length > 0);
  if (pieces.length === 1 && isNoneCell(pieces[0] as string)) return { none: true, names: [] };
  if (pieces.some(isNoneCell)) return 'noneMixed';
  return { none: false, names: pieces.map((p) => unescapeItem(p).trim()).filter((p) => p.length > 0) };
}

export function encodeTags(tags: readonly string[]): string {
  return tags.map((t) => escapeWith(t, TAG_SPECIALS)).join('; ');
}

/** Tags as the chat stores them: trimmed, lower-cased, without duplicates. */
export function decodeTags(cell: string): string[] {
  const out: string[] = [];
  for (const t of splitList(cell, ';,，、')) {
    const tag = t.toLowerCase();
    if (!out.includes(tag)) out.push(tag);
  }
  return out;
}
