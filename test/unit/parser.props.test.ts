import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command, DealFields } from '../../src/core/commands.js';
import { CONTACT_ROLES, LOST_REASONS, ROLES } from '../../src/core/model.js';
import { parseCommand } from '../../src/core/parser.js';
import { parseOrThrow } from '../../src/core/parser/dispatch.js';
import { UsageError } from '../../src/core/parser/errors.js';
import { badCharacter, isVisible } from '../../src/core/parser/values.js';

const COMMAND_TYPES = new Set<Command['type']>([
  'deal.new', 'deal.move', 'deal.set', 'deal.contact', 'deal.competitor', 'deal.tag', 'deal.won', 'deal.lost',
  'deal.show', 'deal.history', 'deal.list', 'gates.show', 'gates.set', 'stage.list', 'stage.add', 'stage.rename',
  'stage.remove', 'stage.move', 'role.set', 'role.list', 'help',
]);

/** Either a known command or a USAGE reply with a usage line — never an exception. */
function checkTotal(input: string): void {
  for (const locale of ['en', 'zh-CN'] as const) {
    const r = parseCommand(input, locale);
    if (r.ok) {
      expect(COMMAND_TYPES.has(r.command.type)).toBe(true);
    } else {
      expect(r.reply.ok).toBe(false);
      expect(r.reply.code).toBe('USAGE');
      expect(r.reply.text.length).toBeGreaterThan(0);
      expect(typeof r.reply.data?.usage).toBe('string');
    }
  }
  // The only failure the parser itself raises on purpose is UsageError (the safety net
  // in parseCommand would otherwise hide bugs).
  try {
    parseOrThrow(input);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).key).not.toBe('internal');
  }
}

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const anyText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc.string({ unit: fc.oneof(fc.constantFrom(' ', '\u3000', '"', '“', '”', '‘', '’', "'", '=', '\\', '-', ','), loneSurrogate, fc.string({ maxLength: 1 })), maxLength: 60 }),
);

const WORDS = [
  'deal', 'gates', 'stage', 'role', 'help', '/deal', 'DEAL', 'new', 'move', 'set', 'contact', 'competitor', 'tag', 'won',
  'lost', 'show', 'history', 'list', 'add', 'rename', 'remove', 'require', 'none', 'mine', 'all', '--override',
  '—override', '--override=', '--help', 'amount=', 'currency=', 'close=', 'tags=', 'notes=', 'role=', 'title=',
  'reason=', 'competitor=', 'note=', 'after=', 'stage=', 'owner=', '5k', '1.2m', '5万', '0', '-1', '2026-02-30',
  '2026-02-28', 'usd', 'dm', 'price', 'manager', '"', '“', '”', "'", '=', 'constructor', '__proto__', 'toString',
];
const word = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.string({ maxLength: 8 }),
  fc.tuple(fc.constantFrom(...WORDS.filter((w) => w.endsWith('='))), fc.string({ maxLength: 10 })).map(([k, v]) => k + v),
  fc.string({ unit: 'grapheme', maxLength: 6 }).map((s) => `"${s}"`),
  fc.string({ unit: 'grapheme', maxLength: 6 }).map((s) => `“${s}”`),
);
const nearValid = fc
  .tuple(fc.constantFrom('deal', '/deal', 'gates', 'stage', 'role', 'help'), fc.array(word, { maxLength: 8 }), fc.constantFrom(' ', '  ', '\u3000', '\t'))
  .map(([verb, words, sep]) => [verb, ...words].join(sep));

describe('parseCommand is total', () => {
  it('never throws on arbitrary strings', () => {
    fc.assert(fc.property(anyText, (s) => checkTotal(s)), { numRuns: 1500 });
  }, 30_000);
  it('never throws on structured near-valid inputs', () => {
    fc.assert(fc.property(nearValid, (s) => checkTotal(s)), { numRuns: 3000 });
  }, 30_000);
  it('answers USAGE for inputs over 4096 characters', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 50 }), fc.integer({ min: 4097, max: 20000 }), (s, n) => {
        const input = `deal new ${s.repeat(Math.ceil(n / s.length))}`.slice(0, n);
        const r = parseCommand(input, 'en');
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.reply.code).toBe('USAGE');
      }),
      { numRuns: 50 },
    );
  });
});

// ---- Round trip: generate a Command, print it the way a user might, parse it back. ----

/** Quotes with "…" (escaping backslashes and closing quotes) or “…”. */
function quote(s: string, style: number): string {
  // Escape the backslash and every character that could close the chosen quote.
  return style % 2 === 0 ? `"${s.replace(/[\\"”]/g, '\\$&')}"` : `“${s.replace(/[\\"”“]/g, '\\$&')}”`;
}

const nameArb = fc
  .oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
    // Characters that stress the tokenizer: quotes, escapes, separators, dashes.
    fc.string({ unit: fc.constantFrom('\\', '"', '“', '”', '‘', '’', "'", ' ', '\u3000', '=', ',', '-', '—', 'a', '中'), minLength: 1, maxLength: 20 }),
    fc.constantFrom('阿里巴巴', 'Acme Corp', '字节跳动 (北京)', 'O’Brien & Sons', 'none', '--override', 'a=b', 'deal'),
  )
  .map((s) => s.trim())
  // Valid names: storable (no control character, no lone surrogate) and visible.
  .filter((s) => s.length > 0 && Array.from(s).length <= 200 && badCharacter(s, false) === null && isVisible(s));

const quotedName = fc.tuple(nameArb, fc.nat(3)).map(([n, style]) => ({ value: n, text: quote(n, style) }));

/** An amount with several spellings; all denote `value`. */
const amountArb = fc.oneof(
  fc.integer({ min: 1, max: 999_999_999 }).chain((n) =>
    fc.constantFrom(
      { value: n, text: String(n) },
      { value: n, text: n.toLocaleString('en-US') },
      { value: n * 1000, text: `${n}k` },
      { value: n * 1000, text: `${n}K` },
      { value: n * 10_000, text: `${n}万` },
    ),
  ),
  fc.integer({ min: 1, max: 99_999_999_99 }).map((cents) => {
    const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
    return { value: Number(text), text };
  }),
  fc.integer({ min: 1, max: 9999 }).map((tenths) => {
    const text = `${Math.floor(tenths / 10)}.${tenths % 10}m`;
    return { value: Number(`${Math.floor(tenths / 10)}.${tenths % 10}e6`), text };
  }),
);

const dateArb = fc
  .tuple(fc.integer({ min: 1970, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }))
  .filter(([y, m, d]) => d <= new Date(Date.UTC(y, m, 0)).getUTCDate())
  .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);

const tagArb = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,11}$/);
const tagsArb = fc.uniqueArray(tagArb, { minLength: 1, maxLength: 4 });
const currencyArb = fc.stringMatching(/^[A-Z]{3}$/).filter((c) => c !== 'RMB');

interface Printed {
  expected: Command;
  text: string;
}

function printFields(f: DealFields, amountText: string | undefined, names: Record<string, string>): string[] {
  const parts: string[] = [];
  if (amountText !== undefined) parts.push(`amount=${amountText}`);
  if (f.currency !== undefined) parts.push(`currency=${f.currency.toLowerCase()}`);
  if (f.close !== undefined) parts.push(`close=${f.close}`);
  if (f.tags !== undefined) parts.push(`tags=${f.tags.join(',')}`);
  for (const [k, v] of Object.entries(names)) parts.push(`${k}=${v}`);
  return parts;
}

const fieldsArb = fc.record(
  {
    amount: amountArb,
    currency: currencyArb,
    close: dateArb,
    tags: tagsArb,
    industry: quotedName,
    source: quotedName,
    team: quotedName,
    owner: quotedName,
  },
  { requiredKeys: [] },
);

function buildFields(r: {
  amount?: { value: number; text: string };
  currency?: string;
  close?: string;
  tags?: string[];
  industry?: { value: string; text: string };
  source?: { value: string; text: string };
  team?: { value: string; text: string };
  owner?: { value: string; text: string };
}): { fields: DealFields; parts: string[] } {
  const fields: DealFields = {};
  const names: Record<string, string> = {};
  if (r.amount) fields.amount = r.amount.value;
  if (r.currency) fields.currency = r.currency;
  if (r.close) fields.close = r.close;
  if (r.tags) fields.tags = r.tags;
  for (const k of ['industry', 'source', 'team', 'owner'] as const) {
    const v = r[k];
    if (v) {
      fields[k] = v.value;
      names[k] = v.text;
    }
  }
  return { fields, parts: printFields(fields, r.amount?.text, names) };
}

const overrideArb = fc.option(
  fc.tuple(quotedName, fc.boolean()).map(([q, eq]) => ({ value: q.value, text: eq ? `--override=${q.text}` : `--override ${q.text}` })),
  { nil: undefined },
);

const printedArb: fc.Arbitrary<Printed> = fc.oneof<fc.Arbitrary<Printed>[]>(
  fc.tuple(quotedName, fc.option(amountArb, { nil: undefined }), fieldsArb).map(([n, positional, r]) => {
    const { fields, parts } = buildFields(positional ? { ...r, amount: undefined } : r);
    if (positional) fields.amount = positional.value;
    const words = ['deal new', n.text, ...(positional ? [positional.text] : []), ...parts];
    return { expected: { type: 'deal.new', name: n.value, fields }, text: words.join(' ') };
  }),
  fc.tuple(quotedName, quotedName, overrideArb, fc.boolean()).map(([n, s, o, flagFirst]) => {
    const expected: Command = o ? { type: 'deal.move', name: n.value, stage: s.value, override: o.value } : { type: 'deal.move', name: n.value, stage: s.value };
    const words = o && flagFirst ? ['deal move', o.text, n.text, s.text] : ['deal move', n.text, s.text, ...(o ? [o.text] : [])];
    return { expected, text: words.join(' ') };
  }),
  fc.tuple(quotedName, fieldsArb, fc.option(quotedName, { nil: undefined })).map(([n, r, notes]) => {
    const { fields, parts } = buildFields(r);
    if (notes) {
      fields.notes = notes.value;
      parts.push(`notes=${notes.text}`);
    }
    if (parts.length === 0) {
      fields.amount = 0;
      parts.push('amount=0');
    }
    return { expected: { type: 'deal.set', name: n.value, fields }, text: ['deal set', n.text, ...parts].join(' ') };
  }),
  fc.tuple(quotedName, quotedName, fc.constantFrom(...CONTACT_ROLES), fc.option(quotedName, { nil: undefined })).map(([n, p, role, title]) => ({
    expected: title ? { type: 'deal.contact', name: n.value, person: p.value, role, title: title.value } : { type: 'deal.contact', name: n.value, person: p.value, role },
    text: ['deal contact', n.text, p.text, `role=${role}`, ...(title ? [`title=${title.text}`] : [])].join(' '),
  })),
  fc.tuple(quotedName, fc.option(quotedName, { nil: undefined })).map(([n, c]) => ({
    expected: { type: 'deal.competitor', name: n.value, competitor: c ? c.value : null },
    text: `deal competitor ${n.text} ${c ? c.text : 'none'}`,
  })),
  fc.tuple(quotedName, tagsArb).map(([n, tags]) => ({
    expected: { type: 'deal.tag', name: n.value, tags },
    text: `deal tag ${n.text} ${tags.map((t) => t.toUpperCase()).join(' ')}`,
  })),
  fc.tuple(quotedName, fc.option(amountArb, { nil: undefined }), overrideArb).map(([n, a, o]) => {
    const expected: Extract<Command, { type: 'deal.won' }> = { type: 'deal.won', name: n.value };
    if (a) expected.amount = a.value;
    if (o) expected.override = o.value;
    return { expected, text: ['deal won', n.text, ...(a ? [a.text] : []), ...(o ? [o.text] : [])].join(' ') };
  }),
  fc
    .tuple(quotedName, fc.constantFrom(...LOST_REASONS), fc.option(quotedName, { nil: undefined }), fc.option(quotedName, { nil: undefined }), overrideArb)
    .map(([n, reason, comp, note, o]) => {
      const expected: Extract<Command, { type: 'deal.lost' }> = { type: 'deal.lost', name: n.value, reason };
      const words = ['deal lost', n.text, `reason=${reason}`];
      if (comp) {
        expected.competitor = comp.value;
        words.push(`competitor=${comp.text}`);
      }
      if (note) {
        expected.note = note.value;
        words.push(`note=${note.text}`);
      }
      if (o) {
        expected.override = o.value;
        words.push(o.text);
      }
      return { expected, text: words.join(' ') };
    }),
  quotedName.map((n) => ({ expected: { type: 'deal.show', name: n.value }, text: `deal show ${n.text}` })),
  quotedName.map((n) => ({ expected: { type: 'deal.history', name: n.value }, text: `/deal history ${n.text}` })),
  fc.oneof<fc.Arbitrary<Printed>[]>(
    fc.constant<Printed>({ expected: { type: 'deal.list', filter: { kind: 'mine' } }, text: 'deal list' }),
    fc.constant<Printed>({ expected: { type: 'deal.list', filter: { kind: 'all' } }, text: 'deal list all' }),
    quotedName.map((s) => ({ expected: { type: 'deal.list', filter: { kind: 'stage', stage: s.value } }, text: `deal list stage=${s.text}` })),
    quotedName.map((s) => ({ expected: { type: 'deal.list', filter: { kind: 'owner', owner: s.value } }, text: `deal list owner=${s.text}` })),
  ),
  fc.tuple(quotedName, fc.uniqueArray(fc.stringMatching(/^[a-z][a-z_:]{0,15}$/).filter((r) => r !== 'none'), { maxLength: 4 })).map(([s, reqs]) => ({
    expected: { type: 'gates.set', stage: s.value, requires: reqs },
    text: `gates set ${s.text} require ${reqs.length === 0 ? 'none' : reqs.join(' ')}`,
  })),
  fc.tuple(quotedName, fc.option(quotedName, { nil: undefined })).map(([s, after]) => ({
    expected: after ? { type: 'stage.add', stage: s.value, after: after.value } : { type: 'stage.add', stage: s.value },
    text: `stage add ${s.text}${after ? ` after=${after.text}` : ''}`,
  })),
  fc.tuple(quotedName, quotedName).map(([a, b]) => ({ expected: { type: 'stage.rename', stage: a.value, newName: b.value }, text: `stage rename ${a.text} ${b.text}` })),
  quotedName.map((s) => ({ expected: { type: 'stage.remove', stage: s.value }, text: `stage remove ${s.text}` })),
  fc.tuple(quotedName, quotedName).map(([a, b]) => ({ expected: { type: 'stage.move', stage: a.value, after: b.value }, text: `stage move ${a.text} after=${b.text}` })),
  fc.tuple(quotedName, fc.constantFrom(...ROLES)).map(([u, role]) => ({ expected: { type: 'role.set', user: u.value, role }, text: `role set ${u.text} ${role.toUpperCase()}` })),
  fc.constantFrom<Printed>(
    { expected: { type: 'gates.show' }, text: 'gates show' },
    { expected: { type: 'stage.list' }, text: 'stage list' },
    { expected: { type: 'role.list' }, text: 'role list' },
    { expected: { type: 'help' }, text: 'help' },
    { expected: { type: 'help', topic: 'deal move' }, text: 'help deal move' },
  ),
);

describe('round trip', () => {
  it('parses generated valid commands back to the expected object', () => {
    fc.assert(
      fc.property(printedArb, fc.constantFrom(' ', '  ', '\u3000'), ({ expected, text }, sep) => {
        const input = text.replace(/ /g, (m, offset: number) => (isInsideQuotes(text, offset) ? m : sep));
        const r = parseCommand(input, 'en');
        if (!r.ok) throw new Error(`USAGE for ${JSON.stringify(input)}: ${r.reply.text}`);
        expect(r.command).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  }, 30_000);
  it('rejects empty or over-long names in every name position', () => {
    const tooLong = fc.string({ unit: 'grapheme', minLength: 201, maxLength: 260 }).filter((s) => Array.from(s.trim()).length > 200);
    const emptyish = fc.constantFrom('', ' ', '\u3000', '\t ');
    fc.assert(
      fc.property(fc.oneof(tooLong, emptyish), fc.constantFrom('deal show {}', 'deal new {} 5k', 'deal move {} won', 'deal won {}', 'deal lost {} reason=price', 'stage add {}', 'role set {} rep'), (name, template) => {
        const r = parseCommand(template.replace('{}', quote(name, 0)), 'zh-CN');
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.reply.code).toBe('USAGE');
      }),
      { numRuns: 300 },
    );
  });
});

/** True when the space at `offset` of a printed command is inside a quoted part (never re-spaced). */
function isInsideQuotes(text: string, offset: number): boolean {
  let inside: string | null = null;
  for (let i = 0; i < offset; i++) {
    const c = text[i] as string;
    if (inside !== null) {
      if (c === '\\') i++;
      else if ((inside === '"' && c === '"') || (inside === '“' && c === '”')) inside = null;
    } else if ((c === '"' || c === '“') && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '=')) {
      inside = c;
    }
  }
  return inside !== null;
}
