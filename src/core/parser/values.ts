// Value parsers for command arguments. Each returns the normalized value or throws
// a UsageError (via `usage`) naming the command whose usage line should be shown.

import { CONTACT_ROLES, LOST_REASONS, ROLES, type ContactRole, type LostReason, type Role } from '../model.js';
import { suggest } from '../suggest.js';
import { usage } from './errors.js';

export const NAME_MAX = 200;
export const TEXT_MAX = 200;
export const NOTES_MAX = 2000;
const AMOUNT_MAX = 1e15;
const AMOUNT_DECIMALS = 2;
/** The years a date may have (PostgreSQL's range is wider, but years like 0000 are typos). */
export const YEAR_MIN = 1900;
export const YEAR_MAX = 2999;

/** Own-property lookup: never returns inherited members such as `constructor`. */
export function lookup<V>(table: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function codePoints(s: string): number {
  return Array.from(s).length;
}

// PostgreSQL cannot store NUL or a lone surrogate, and C0/C1 controls (ESC, CSI, BEL, ...)
// in stored text would reach every terminal and chat that shows it. Tab and line breaks
// are allowed only in free text (notes, titles).
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const LINE_CONTROL = /[\t\n\r]/u;
const LONE_SURROGATE = /^[\uD800-\uDFFF]$/u;

export interface BadCharacter {
  /** 1-based code point position in the checked string. */
  position: number;
  /** The character as U+XXXX. */
  code: string;
}

/** A character as U+XXXX, so that an invisible one can be named in a message. */
export function codeOf(c: string): string {
  return `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The first character that may not be stored (`multiline`: tab and line breaks are fine). */
export function badCharacter(s: string, multiline: boolean): BadCharacter | null {
  let position = 0;
  for (const c of s) {
    position++;
    if (CONTROL.test(c) || LONE_SURROGATE.test(c) || (!multiline && LINE_CONTROL.test(c))) return { position, code: codeOf(c) };
  }
  return null;
}

// Invisible on their own: format characters (zero-width, bidi controls, BOM, word joiner),
// separators, controls, combining marks, and the Hangul fillers.
const INVISIBLE = /[\p{Cf}\p{Z}\p{Cc}\p{M}\s\u115F\u1160\u3164\uFFA0]/gu;

/** True when `s` shows at least one character. */
export function isVisible(s: string): boolean {
  return s.replace(INVISIBLE, '').length > 0;
}

/**
 * Trimmed non-empty text of at most `max` code points, with no control character (tab and
 * line breaks only when `multiline`). `field` is shown as typed (e.g. `<name>`, `owner`).
 */
export function text(raw: string, field: string, command: string, max = TEXT_MAX, multiline = false): string {
  const value = raw.trim();
  if (value.length === 0) usage('emptyValue', { field }, command);
  if (codePoints(value) > max) usage('valueTooLong', { field, max }, command);
  const bad = badCharacter(value, multiline);
  if (bad !== null) usage('badCharacterIn', { field, ...bad }, command);
  return value;
}

/** A name (deal, contact, competitor, tag): text that shows at least one character. */
export function visibleName(raw: string, field: string, command: string, max = NAME_MAX): string {
  const value = text(raw, field, command, max);
  if (!isVisible(value)) usage('invisibleName', { field }, command);
  return value;
}

const MULTIPLIERS: Record<string, number> = { k: 3, m: 6, w: 4, 万: 4, 亿: 8 };
const AMOUNT_RE = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*([kmw万亿])?$/u;

/**
 * Amounts: 5000, 5,000, 5000.50, 5k, 1.2m, 5万 (full-width digits too). `min` is 'positive'
 * (> 0) or 'nonNegative' (≥ 0).
 */
export function amount(raw: string, min: 'positive' | 'nonNegative', command: string): number {
  const shown = raw.trim();
  let s = shown.normalize('NFKC').toLowerCase();
  const negative = s.startsWith('-');
  if (negative) s = s.slice(1);
  const m = AMOUNT_RE.exec(s);
  if (m === null) return usage('badAmount', { value: shown }, command);
  const int = (m[1] ?? '0').replace(/,/g, '');
  const frac = m[2] ?? '0';
  const exp = m[3] === undefined ? 0 : (lookup(MULTIPLIERS, m[3]) ?? 0);
  const exact = Number(`${int}.${frac}e${exp}`);
  if (!Number.isFinite(exact)) return usage('badAmount', { value: shown }, command);
  // Amounts are stored to the cent (NUMERIC(18,2)): what is checked is what is stored.
  const value = Number(exact.toFixed(AMOUNT_DECIMALS));
  if (value > AMOUNT_MAX) return usage('amountTooLarge', { value: shown, max: AMOUNT_MAX }, command);
  if (negative && exact !== 0) return usage('amountNegative', {}, command);
  if (exact > 0 && value === 0) return usage('amountTooSmall', { value: shown }, command);
  if (min === 'positive' && value <= 0) return usage('amountPositive', {}, command);
  return value === 0 ? 0 : value; // never -0
}

const CURRENCY_ALIASES: Record<string, string> = { RMB: 'CNY' };

export function currency(raw: string, command: string): string {
  const s = raw.trim().normalize('NFKC').toUpperCase();
  if (!/^[A-Z]{3}$/.test(s)) return usage('badCurrency', { value: raw.trim() }, command);
  return lookup(CURRENCY_ALIASES, s) ?? s;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A real calendar date, YYYY-MM-DD (also YYYY/M/D and YYYY.M.D), normalized to YYYY-MM-DD. */
export function date(raw: string, command: string): string {
  const shown = raw.trim();
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(shown.normalize('NFKC'));
  if (m === null) return usage('badDate', { value: shown }, command);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return usage('badDate', { value: shown }, command);
  if (y < YEAR_MIN || y > YEAR_MAX) return usage('yearOutOfRange', { value: shown, min: YEAR_MIN, max: YEAR_MAX }, command);
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Splits on commas (also '，' and '、'), trims, lowercases, drops empties and duplicates. */
export function tagList(raws: readonly string[], command: string): string[] {
  const out: string[] = [];
  for (const raw of raws) {
    for (const part of raw.split(/[,，、]/u)) {
      const tag = part.trim().toLowerCase();
      if (tag.length === 0) continue;
      if (!out.includes(visibleName(tag, 'tags', command, TEXT_MAX))) out.push(tag);
    }
  }
  if (out.length === 0) usage('noTags', {}, command);
  return out;
}

function canonical(raw: string): string {
  return raw.trim().normalize('NFKC').toLowerCase().replace(/[\s-]+/gu, '_');
}

const CONTACT_ROLE_SYNONYMS: Record<string, ContactRole> = {
  dm: 'decision_maker',
  decisionmaker: 'decision_maker',
  decider: 'decision_maker',
  eb: 'economic_buyer',
  economicbuyer: 'economic_buyer',
  buyer: 'economic_buyer',
  coach: 'champion',
  users: 'user',
  end_user: 'user',
  决策者: 'decision_maker',
  决策人: 'decision_maker',
  拍板人: 'decision_maker',
  经济决策人: 'economic_buyer',
  经济购买者: 'economic_buyer',
  预算负责人: 'economic_buyer',
  支持者: 'champion',
  内线: 'champion',
  教练: 'champion',
  影响者: 'influencer',
  影响人: 'influencer',
  使用者: 'user',
  用户: 'user',
  阻碍者: 'blocker',
  反对者: 'blocker',
};

export function contactRole(raw: string, command: string): ContactRole {
  const c = canonical(raw);
  const direct = CONTACT_ROLES.find((r) => r === c);
  const found = direct ?? lookup(CONTACT_ROLE_SYNONYMS, c);
  if (found !== undefined) return found;
  return usage('badContactRole', { value: raw.trim(), list: CONTACT_ROLES.join(', ') }, command, suggest(c, CONTACT_ROLES));
}

const LOST_REASON_SYNONYMS: Record<string, LostReason> = {
  pricing: 'price',
  too_expensive: 'price',
  competition: 'competitor',
  lost_to_competitor: 'competitor',
  nodecision: 'no_decision',
  budget: 'no_budget',
  nobudget: 'no_budget',
  time: 'timing',
  价格: 'price',
  太贵: 'price',
  竞争对手: 'competitor',
  竞品: 'competitor',
  无决策: 'no_decision',
  没有决策: 'no_decision',
  未决策: 'no_decision',
  时机: 'timing',
  时间: 'timing',
  无预算: 'no_budget',
  没预算: 'no_budget',
  没有预算: 'no_budget',
  其他: 'other',
  其它: 'other',
};

export function lostReason(raw: string, command: string): LostReason {
  const c = canonical(raw);
  const found = LOST_REASONS.find((r) => r === c) ?? lookup(LOST_REASON_SYNONYMS, c);
  if (found !== undefined) return found;
  return usage('badLostReason', { value: raw.trim(), list: LOST_REASONS.join(', ') }, command, suggest(c, LOST_REASONS));
}

export function userRole(raw: string, command: string): Role {
  const c = canonical(raw);
  const found = ROLES.find((r) => r === c);
  if (found !== undefined) return found;
  return usage('badUserRole', { value: raw.trim(), list: ROLES.join(', ') }, command, suggest(c, ROLES));
}
