import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readHeader, type Header } from '../../src/core/csv/columns.js';
import { DEALS_HEADER_LINE, dealLine, eventLine, HISTORY_HEADER_LINE } from '../../src/core/csv/export.js';
import { guard, unguard } from '../../src/core/csv/guard.js';
import '../../src/core/csv/texts.js';
import { registeredCatalogues } from '../../src/core/i18n.js';
import { decodeCompetitors, decodeTags, encodeCompetitors, encodeContacts, encodeTags, contactParts } from '../../src/core/csv/lists.js';
import { parseCsv } from '../../src/core/csv/parse.js';
import { parseTimestamp, readDealRow, readEventRow } from '../../src/core/csv/rows.js';
import { csvRecord } from '../../src/core/csv/write.js';
import { CONTACT_ROLES, LOST_REASONS, type Deal, type StageEvent } from '../../src/core/model.js';
import { badCharacter, isVisible } from '../../src/core/parser/values.js';

function header(line: string): Header {
  const h = readHeader(parseCsv(line)[0]?.fields ?? []);
  if ('problem' in h) throw new Error(JSON.stringify(h.problem));
  return h;
}

function dealRow(csv: string, locale: 'en' | 'zh-CN' = 'en') {
  const [head, ...rest] = parseCsv(csv);
  const h = readHeader(head?.fields ?? []);
  if ('problem' in h || h.kind !== 'deals') throw new Error('not a deals header');
  return readDealRow(rest[0] as (typeof rest)[number], h, locale);
}

describe('formula guard', () => {
  it('neutralises cells a spreadsheet would run, and strips the guard again', () => {
    expect(guard('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(guard('+86 10 1234')).toBe("'+86 10 1234");
    expect(guard('-Acme')).toBe("'-Acme");
    expect(guard('@cmd')).toBe("'@cmd");
    expect(guard('\tx')).toBe("'\tx");
    expect(guard('\rx')).toBe("'\rx");
    expect(guard('Acme')).toBe('Acme');
    expect(guard("'quoted")).toBe("'quoted");
    expect(guard("'=x")).toBe("''=x");
    expect(unguard("'-Acme")).toBe('-Acme');
    expect(unguard("'quoted")).toBe("'quoted");
    expect(unguard("''=x")).toBe("'=x");
  });

  it('round-trips every string, and a guarded cell never starts with a formula character', () => {
    const s = fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', 'a'), maxLength: 8 }));
    fc.assert(
      fc.property(s, (v) => {
        expect(unguard(guard(v))).toBe(v);
        expect(guard(v)).not.toMatch(/^[=+\-@\t\r]/);
      }),
      { numRuns: 1000 },
    );
  });
});

const item = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 12 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }),
    fc.constantFrom('none', 'NONE', '无', 'a;b', 'x|y', 'back\\slash\\', 'Wang, Wei', '-Acme', '=1+1', '\\none'),
  )
  .filter((s) => s.trim() === s && s.length > 0 && !s.includes('\u0000'));

describe('list cells', () => {
  it('contacts keep names, roles, titles and times through separators and escapes', () => {
    const contact = fc.record({
      name: item,
      role: fc.constantFrom(...CONTACT_ROLES),
      title: fc.option(item, { nil: null }),
      addedAt: fc.option(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(contact, { maxLength: 5 }), (contacts) => {
        const parts = contactParts(encodeContacts(contacts));
        expect(parts.map((p) => p[0])).toEqual(contacts.map((c) => c.name));
        expect(parts.map((p) => p[1])).toEqual(contacts.map((c) => c.role));
        expect(parts.map((p) => p[2] || null)).toEqual(contacts.map((c) => c.title));
        expect(parts.map((p) => (p[3] ? parseTimestamp(p[3])?.getTime() : null))).toEqual(contacts.map((c) => c.addedAt?.getTime() ?? null));
      }),
      { numRuns: 300 },
    );
  });

  it('competitors: "none" means none, a competitor called none survives, names round-trip', () => {
    expect(decodeCompetitors('none')).toEqual({ none: true, names: [] });
    expect(decodeCompetitors(' 无 ')).toEqual({ none: true, names: [] });
    expect(decodeCompetitors('')).toEqual({ none: false, names: [] });
    expect(decodeCompetitors('none; Globex')).toBe('noneMixed');
    expect(encodeCompetitors(['none', 'Globex'], false)).toBe('\\none; Globex');
    expect(decodeCompetitors('\\none; Globex')).toEqual({ none: false, names: ['none', 'Globex'] });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 5 }), fc.boolean(), (names, none) => {
        const list = none ? [] : names;
        expect(decodeCompetitors(encodeCompetitors(list, none))).toEqual({ none, names: list });
      }),
      { numRuns: 300 },
    );
  });

  it('tags: lower case, unique, separated by ; or commas', () => {
    expect(decodeTags('Enterprise, q3；x; Q3、y，z')).toEqual(['enterprise', 'q3；x', 'q3', 'y', 'z'].filter((t, i, a) => a.indexOf(t) === i));
    const tag = item.map((s) => s.toLowerCase()).filter((s) => s.trim() === s && s.length > 0);
    fc.assert(
      fc.property(fc.uniqueArray(tag, { maxLength: 6 }), (tags) => {
        expect(decodeTags(encodeTags(tags))).toEqual(tags);
      }),
      { numRuns: 300 },
    );
  });
});

describe('headers', () => {
  it('match in any case, with spaces, aliases and Chinese names; the columns decide the kind', () => {
    expect(header('Deal Name,STAGE,Close-Date,lead source,联系人')).toEqual({
      kind: 'deals',
      columns: ['name', 'stage', 'close_date', 'source', 'contacts'],
    });
    expect(header('deal,from,to,at,by,override,imported')).toEqual({
      kind: 'history',
      columns: ['deal', 'from', 'to', 'at', 'by', 'override_reason', 'imported'],
    });
    expect(header('name,,stage')).toEqual({ kind: 'deals', columns: ['name', null, 'stage'] });
  });

  it('name the problem', () => {
    const problem = (line: string) => {
      const h = readHeader(parseCsv(line)[0]?.fields ?? []);
      return 'problem' in h ? h.problem : null;
    };
    expect(problem('name,amout')).toMatchObject({ key: 'unknownColumn', column: 'amout' });
    expect(problem('name,deal')).toMatchObject({ key: 'duplicateColumn', column: 'name' });
    expect(problem('stage,amount')).toEqual({ key: 'unknownKind' });
    expect(problem('deal,to')).toEqual({ key: 'missingColumn', column: 'at' });
    expect(problem(',,')).toEqual({ key: 'emptyFile' });
  });
});

describe('deal rows', () => {
  it('become domain values with the chat rules (amounts, currencies, dates, roles, reasons)', () => {
    const { row, errors } = dealRow(
      'name,amount,currency,close,contacts,competitors,tags,lost_reason,lost_note,stage_entered_at\n' +
        '"  Acme  ",5k,rmb,2026/3/1,Wang Wei|决策者|CTO; Li|coach|,none,A; b,price,too dear,2026-03-02 10:00+08:00\n',
    );
    expect(errors).toEqual([]);
    expect(row).toMatchObject({
      line: 2,
      name: 'Acme',
      amount: 5000,
      currency: 'CNY',
      closeDate: '2026-03-01',
      contacts: [
        { name: 'Wang Wei', role: 'decision_maker', title: 'CTO', addedAt: null },
        { name: 'Li', role: 'champion', title: null, addedAt: null },
      ],
      competitors: { none: true, names: [] },
      tags: ['a', 'b'],
      lostReason: 'price',
      lostNote: 'too dear',
      stageEnteredAt: new Date('2026-03-02T02:00:00Z'),
    });
  });

  it('distinguish an absent column (keep) from an empty cell (clear)', () => {
    const { row } = dealRow('name,amount,industry,stage,owner\nAcme,,,,\n');
    expect(row).toEqual({ line: 2, name: 'Acme', amount: null, industry: null });
  });

  it('report every problem of a row with its column', () => {
    const { row, errors } = dealRow(
      'name,amount,close_date,contacts,competitors,created_at,lost_reason,lost_note,team\n' +
        'Acme,-5,2026-02-30,Ann|boss; Wang|user; Li; wang|dm,none; Globex,yesterday,,why,' + 'x'.repeat(201) + '\n',
    );
    expect(row).toBeNull();
    const byColumn = Object.fromEntries(errors.map((e) => [e.column, e]));
    expect(Object.keys(byColumn).sort()).toEqual(['amount', 'close_date', 'competitors', 'contacts', 'created_at', 'lost_note', 'team']);
    expect(errors.every((e) => e.line === 2 && e.code === 'INVALID')).toBe(true);
    expect(byColumn.amount?.message).toMatch(/negative/);
    expect(byColumn.close_date?.message).toMatch(/2026-02-30/);
    expect(errors.filter((e) => e.column === 'contacts').map((e) => e.message)).toEqual([
      expect.stringMatching(/"boss" is not a contact role/),
      expect.stringMatching(/"Li" is not a contact/),
      expect.stringMatching(/wang is listed twice/),
    ]);
    expect(byColumn.team?.message).toMatch(/200/);
  });

  it('check the cell count, NUL characters and required names, in Chinese too', () => {
    expect(dealRow('name,amount\nAcme\n').errors[0]?.message).toMatch(/1 cells, the header has 2/);
    expect(dealRow('name,amount\nAcme,5,,\n').errors).toEqual([]);
    expect(dealRow('name,amount\nAcme,5,x\n').errors).toHaveLength(1);
    expect(dealRow('name,notes\nAcme,a\u0000b\n').errors[0]).toMatchObject({ column: 'notes', code: 'INVALID' });
    expect(dealRow('name,notes\n  ,x\n', 'zh-CN').errors[0]).toMatchObject({ column: 'name', message: 'name 不能为空。' });
  });
});

describe('cells that must not reach the database raw', () => {
  const errorOf = (csv: string) => dealRow(csv).errors[0];

  it('refuse control characters and lone surrogates, naming the column and position', () => {
    expect(errorOf('name\nAc\u001b[2Jme\n')).toMatchObject({ line: 2, column: 'name', code: 'INVALID' });
    expect(errorOf('name\nAc\u001b[2Jme\n')?.message).toMatch(/Character 3 .*U\+001B/);
    expect(errorOf('name,industry\nAcme,a\u009bb\n')).toMatchObject({ column: 'industry' });
    expect(errorOf('name,team\nAcme,a\ud800\n')).toMatchObject({ column: 'team' });
    expect(errorOf('name,industry\nAcme,"soft\nware"\n')).toMatchObject({ column: 'industry' });
    expect(errorOf('name,notes\nAcme,"a\u0000b"\n')).toMatchObject({ column: 'notes' });
  });

  it('keep tab and line breaks in notes, loss notes and contact titles', () => {
    const r = dealRow('name,notes,lost_reason,lost_note,contacts\nAcme,"one\ntwo\tthree",other,"x\r\ny","Wang|champion|VP\nSales"\n');
    expect(r.errors).toEqual([]);
    expect(r.row).toMatchObject({ notes: 'one\ntwo\tthree', lostNote: 'x\r\ny', contacts: [{ name: 'Wang', title: 'VP\nSales' }] });
    expect(errorOf('name,contacts\nAcme,"Wa\nng|champion"\n')).toMatchObject({ column: 'contacts' });
  });

  it('refuse names that show nothing', () => {
    for (const s of ['\u200B', '\u200E\u200F', '\u202E', '\u2066\u2069', '\u2060\u200B']) {
      expect(errorOf(`name\n${s}\n`), JSON.stringify(s)).toMatchObject({ line: 2, column: 'name', code: 'INVALID' });
      expect(errorOf(`name,competitors\nAcme,${s}\n`)).toMatchObject({ column: 'competitors' });
      expect(errorOf(`name,tags\nAcme,ok;${s}\n`)).toMatchObject({ column: 'tags' });
      expect(errorOf(`name,contacts\nAcme,${s}|champion\n`)).toMatchObject({ column: 'contacts' });
    }
  });

  it('refuse years outside 1900–2999 and amounts that round to 0 or exceed the column', () => {
    expect(errorOf('name,close_date\nAcme,0000-01-01\n')).toMatchObject({ column: 'close_date' });
    expect(errorOf('name,close_date\nAcme,3000-01-01\n')).toMatchObject({ column: 'close_date' });
    expect(errorOf('name,stage_entered_at\nAcme,3000-01-01T00:00:00Z\n')).toMatchObject({ column: 'stage_entered_at' });
    expect(errorOf('name,created_at\nAcme,0001-01-01\n')).toMatchObject({ column: 'created_at' });
    expect(errorOf('name,amount\nAcme,0.001\n')).toMatchObject({ column: 'amount' });
    expect(errorOf('name,amount\nAcme,99999999999999999\n')).toMatchObject({ column: 'amount' });
    expect(parseTimestamp('2999-12-31T23:59:59Z')?.toISOString()).toBe('2999-12-31T23:59:59.000Z');
    expect(parseTimestamp('3000-01-01')).toBeNull();
  });
});

describe('timestamps', () => {
  it('accept ISO date-times with offsets and plain dates; refuse impossible ones', () => {
    expect(parseTimestamp('2026-03-02T09:30:00.123Z')?.toISOString()).toBe('2026-03-02T09:30:00.123Z');
    expect(parseTimestamp('2026-03-02 09:30')?.toISOString()).toBe('2026-03-02T09:30:00.000Z');
    expect(parseTimestamp('2026-03-02T09:30:00-0530')?.toISOString()).toBe('2026-03-02T15:00:00.000Z');
    expect(parseTimestamp('2026-03-02')?.toISOString()).toBe('2026-03-02T00:00:00.000Z');
    for (const bad of ['2026-02-29', '2026-13-01', '2026-03-02T24:00', 'yesterday', '', '2026-03-02T09:30+15:00']) {
      expect(parseTimestamp(bad), bad).toBeNull();
    }
  });
});

// ------------------------------------------------------------------------------------
// Export → import, without a database: every field comes back exactly.

const text = (max = 20) =>
  fc
    .oneof(
      fc.string({ minLength: 1, maxLength: max }),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: max }),
      fc.constantFrom('=HYPERLINK("x")', '-Acme', '+1', '@me', "'=x", "''-y", 'none', 'a;b|c\\d', 'Wang, Wei', '"q"', '阿里巴巴', 'two\nlines'),
    )
    // What the import accepts in every column: storable (no control character) and visible.
    .filter((s) => s.trim() === s && s.length > 0 && badCharacter(s, false) === null && isVisible(s));
const instant = fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true });
const day = instant.map((d) => d.toISOString().slice(0, 10));

const dealArb = fc
  .record({
    name: text(40),
    owner: text(),
    stage: fc.constantFrom('lead', 'qualified', 'lost'),
    amount: fc.option(fc.integer({ min: 0, max: 1e12 }).map((c) => c / 100), { nil: null }),
    currency: fc.constantFrom('USD', 'EUR', 'CNY', 'JPY'),
    closeDate: fc.option(day, { nil: null }),
    industry: fc.option(text(), { nil: null }),
    source: fc.option(text(), { nil: null }),
    team: fc.option(text(), { nil: null }),
    competitors: fc.array(text(), { maxLength: 3 }),
    noCompetitor: fc.boolean(),
    tags: fc.uniqueArray(text().map((t) => t.toLowerCase()).filter((t) => t.trim() === t && t.length > 0), { maxLength: 3 }),
    contacts: fc.uniqueArray(
      fc.record({ name: text(), title: fc.option(text(), { nil: null }), role: fc.constantFrom(...CONTACT_ROLES), addedAt: instant }),
      { maxLength: 3, selector: (c) => c.name.normalize('NFKC').toLocaleLowerCase('en-US') },
    ),
    notes: fc.option(text(60), { nil: null }),
    lostReason: fc.option(fc.constantFrom(...LOST_REASONS), { nil: null }),
    lostNote: fc.option(text(), { nil: null }),
    times: fc.tuple(instant, instant).map(([a, b]) => (a <= b ? [a, b] : [b, a])),
  })
  .map(({ times, ...d }): Deal => ({
    ...d,
    competitors: d.noCompetitor ? [] : d.competitors,
    lostNote: d.lostReason ? d.lostNote : null,
    id: 'x',
    workspaceId: 'w',
    createdAt: times[0] as Date,
    stageEnteredAt: times[1] as Date,
    updatedAt: times[1] as Date,
    version: 1,
  }));

describe('export → import of a deal row (pure)', () => {
  it('gives back every field exactly', () => {
    fc.assert(
      fc.property(dealArb, (deal) => {
        const [head, rec] = parseCsv(DEALS_HEADER_LINE + dealLine(deal));
        const h = readHeader(head?.fields ?? []);
        if ('problem' in h || h.kind !== 'deals') throw new Error('header');
        const { row, errors } = readDealRow(rec as NonNullable<typeof rec>, h, 'en');
        expect(errors).toEqual([]);
        expect(row).toEqual({
          line: 2,
          name: deal.name,
          stage: deal.stage,
          owner: deal.owner,
          amount: deal.amount,
          currency: deal.currency,
          closeDate: deal.closeDate,
          industry: deal.industry,
          source: deal.source,
          team: deal.team,
          tags: deal.tags,
          contacts: deal.contacts.map((c) => ({ name: c.name, role: c.role, title: c.title, addedAt: c.addedAt })),
          competitors: { none: deal.noCompetitor, names: deal.competitors },
          notes: deal.notes,
          lostReason: deal.lostReason,
          lostNote: deal.lostNote,
          stageEnteredAt: deal.stageEnteredAt,
          createdAt: deal.createdAt,
        });
      }),
      { numRuns: 300 },
    );
  });

  it('writes no cell a spreadsheet would run as a formula', () => {
    fc.assert(
      fc.property(dealArb, (deal) => {
        const [, rec] = parseCsv(DEALS_HEADER_LINE + dealLine(deal));
        for (const f of rec?.fields ?? []) expect(f).not.toMatch(/^[=+\-@\t\r]/);
      }),
      { numRuns: 200 },
    );
  });

  it('history rows come back too', () => {
    const e: StageEvent = { dealId: 'x', from: 'lead', to: 'qualified', at: new Date('2026-03-02T09:00:00.5Z'), by: '-rita', overrideReason: '=CEO says, "go"', imported: false };
    const csv = HISTORY_HEADER_LINE + eventLine('-Acme', e);
    expect(csv).toContain("'-Acme,lead,qualified,2026-03-02T09:00:00.500Z,'-rita,\"'=CEO says, \"\"go\"\"\",false");
    const [head, rec] = parseCsv(csv);
    const h = readHeader(head?.fields ?? []);
    if ('problem' in h || h.kind !== 'history') throw new Error('header');
    expect(readEventRow(rec as NonNullable<typeof rec>, h, 'en')).toEqual({
      row: { line: 2, deal: '-Acme', from: 'lead', to: 'qualified', at: e.at, by: '-rita', overrideReason: '=CEO says, "go"' },
      errors: [],
    });
  });

  it('quotes what needs quoting', () => {
    expect(csvRecord(['a,b', 'say "hi"', 'x\ny', 'plain'])).toBe('"a,b","say ""hi""","x\ny",plain\r\n');
  });
});

describe('csv texts', () => {
  it('exist in English and Chinese with the same placeholders', () => {
    const c = registeredCatalogues().find((x) => x.name === 'csv');
    expect(c).toBeDefined();
    const placeholders = (v: string) => [...v.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(c?.zh ?? {}).sort()).toEqual(Object.keys(c?.en ?? {}).sort());
    for (const [key, en] of Object.entries(c?.en ?? {})) expect(placeholders(c?.zh[key] ?? ''), key).toEqual(placeholders(en));
  });
});
