import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser, CsvSyntaxError, parseCsv, type CsvRecord } from '../../src/core/csv/parse.js';
import { rawCsvRecord } from '../../src/core/csv/write.js';

const fields = (records: CsvRecord[]) => records.map((r) => r.fields);

/** Parses `text` fed in pieces cut at the given offsets. */
function parseInPieces(text: string, cuts: number[]): CsvRecord[] {
  const p = new CsvParser();
  const out: CsvRecord[] = [];
  let start = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    out.push(...p.push(text.slice(start, cut)));
    start = cut;
  }
  out.push(...p.push(text.slice(start)));
  out.push(...p.end());
  return out;
}

describe('CSV parser (RFC 4180)', () => {
  it('reads plain and quoted fields, doubled quotes, commas and line breaks inside quotes', () => {
    const text = 'name,notes\r\nAcme,"said ""yes"", then ""no"""\r\n"Two\nLines","a,b"\r\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['name', 'notes'] },
      { line: 2, fields: ['Acme', 'said "yes", then "no"'] },
      { line: 3, fields: ['Two\nLines', 'a,b'] },
    ]);
  });

  it('accepts CR, LF and CRLF line ends, with or without a final one, and counts lines', () => {
    expect(parseCsv('a,b\rc,d\ne,f\r\ng,h')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['c', 'd'] },
      { line: 3, fields: ['e', 'f'] },
      { line: 4, fields: ['g', 'h'] },
    ]);
    // a quoted CRLF is kept as it is and is one line
    expect(parseCsv('"x\r\ny",z\r\nnext')).toEqual([
      { line: 1, fields: ['x\r\ny', 'z'] },
      { line: 3, fields: ['next'] },
    ]);
  });

  it('drops a byte order mark and skips empty lines, keeping line numbers', () => {
    expect(parseCsv('\uFEFFname\n\n\r\nAcme\n')).toEqual([
      { line: 1, fields: ['name'] },
      { line: 4, fields: ['Acme'] },
    ]);
    // a BOM anywhere else is data
    expect(fields(parseCsv('a\n\uFEFFb'))).toEqual([['a'], ['\uFEFFb']]);
  });

  it('keeps empty fields, a lone "" and quotes inside unquoted fields', () => {
    expect(fields(parseCsv(',,\n""\n5" screen,x'))).toEqual([['', '', ''], [''], ['5" screen', 'x']]);
  });

  it('reports an unclosed quote at the line where it opens, and text after a closing quote', () => {
    const open = () => parseCsv('a\nb\n"never closed\nmore\n');
    expect(open).toThrow(CsvSyntaxError);
    try {
      open();
    } catch (err) {
      expect(err).toMatchObject({ problem: 'unterminatedQuote', line: 3 });
    }
    try {
      parseCsv('a,b\n"x"y,z');
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ problem: 'textAfterQuote', line: 2, field: 1 });
    }
  });

  it('enforces the field, record and field-count limits while reading', () => {
    const p = new CsvParser({ maxFieldChars: 10, maxRecordChars: 25, maxFields: 3 });
    expect(() => p.push('x\n' + 'y'.repeat(11))).toThrow(expect.objectContaining({ problem: 'fieldTooLong', line: 2 }));
    expect(() => parseCsv('"' + 'z'.repeat(100), { maxFieldChars: 50 })).toThrow(expect.objectContaining({ problem: 'fieldTooLong', line: 1 }));
    expect(() => parseCsv('aaaaaaaaa,bbbbbbbbb,ccccccccc', { maxFieldChars: 10, maxRecordChars: 25 })).toThrow(
      expect.objectContaining({ problem: 'recordTooLong' }),
    );
    expect(() => parseCsv('a,b,c,d', { maxFields: 3 })).toThrow(expect.objectContaining({ problem: 'tooManyFields' }));
    expect(fields(parseCsv('a,b,c', { maxFields: 3 }))).toEqual([['a', 'b', 'c']]);
  });

  it('gives the same records however the text is cut into chunks (CRLF and "" across chunks)', () => {
    const text = '\uFEFFa,"b""c"\r\n"d\r\ne",f\r\n\r\ng';
    const whole = parseCsv(text);
    for (let i = 0; i <= text.length; i++) {
      for (let j = i; j <= text.length; j++) expect(parseInPieces(text, [i, j])).toEqual(whole);
    }
  });
});

const cell = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n', ' ', '\uFEFF', '本'), maxLength: 12 }),
);
const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 8 });

describe('CSV parser properties', () => {
  it('round-trips any table written by the writer, however it is chunked', () => {
    fc.assert(
      fc.property(table, fc.array(fc.nat(), { maxLength: 6 }), (rows, cutSeeds) => {
        const text = rows.map(rawCsvRecord).join('');
        const cuts = cutSeeds.map((n) => n % (text.length + 1));
        const parsed = parseInPieces(text, cuts);
        // a record of one empty field is written "" and so still read
        expect(fields(parsed)).toEqual(rows);
        // line numbers: 1 + the line breaks before the record
        let line = 1;
        for (const [i, row] of rows.entries()) {
          expect(parsed[i]?.line).toBe(line);
          line += (rawCsvRecord(row).match(/\r\n|\r|\n/g) ?? []).length;
        }
      }),
      { numRuns: 400 },
    );
  });

  it('on any input returns records or throws CsvSyntaxError, nothing else', () => {
    const anyText = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 100 }),
      fc.string({ unit: fc.constantFrom('"', ',', '\r', '\n', 'x', '\uFEFF', '\u0000'), maxLength: 60 }),
    );
    fc.assert(
      fc.property(anyText, fc.array(fc.nat(), { maxLength: 4 }), (text, cutSeeds) => {
        try {
          const records = parseInPieces(text, cutSeeds.map((n) => n % (text.length + 1)));
          for (const r of records) {
            expect(r.line).toBeGreaterThanOrEqual(1);
            expect(r.fields.length).toBeGreaterThan(0);
          }
        } catch (err) {
          expect(err).toBeInstanceOf(CsvSyntaxError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never holds more than the limit in one field, even for an unclosed quote', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.string({ maxLength: 300 }), (max, body) => {
        try {
          for (const r of parseCsv(`"${body}`, { maxFieldChars: max })) for (const f of r.fields) expect(f.length).toBeLessThanOrEqual(max);
        } catch (err) {
          expect(err).toBeInstanceOf(CsvSyntaxError);
        }
      }),
    );
  });
});
