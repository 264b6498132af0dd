// A streaming RFC 4180 CSV parser. Text goes in as chunks of any size (a chunk may end
// in the middle of a field, a quote pair or a CRLF); complete records come out with
// the physical line they start on. Pure: no I/O, no Node imports.
//
// - Fields are separated by commas; records end at CR, LF or CRLF (each one line break).
// - A field that starts with a double quote is quoted: it may contain commas, line
//   breaks and doubled quotes (""), which stand for one quote. After the closing quote
//   only a comma, a line break or the end of the input may follow.
// - A quote inside an unquoted field is kept as a literal character (as spreadsheets do).
// - A byte order mark at the very start is dropped; an empty line is skipped.
// - Limits bound memory: a field, a record and the number of fields per record are
//   capped, and checked while the text arrives (an unclosed quote cannot swallow the
//   rest of a large file into memory).

export interface CsvLimits {
  /** Longest field, in UTF-16 code units. */
  maxFieldChars: number;
  /** Longest record (all its fields together). */
  maxRecordChars: number;
  /** Most fields in one record. */
  maxFields: number;
}

export const DEFAULT_CSV_LIMITS: CsvLimits = { maxFieldChars: 32_768, maxRecordChars: 65_536, maxFields: 64 };

export interface CsvRecord {
  /** 1-based physical line on which the record starts. */
  line: number;
  fields: string[];
}

export type CsvProblem = 'unterminatedQuote' | 'textAfterQuote' | 'fieldTooLong' | 'recordTooLong' | 'tooManyFields';

/** A structural problem of the input; `line` is where the record (or the open quote) starts. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly problem: CsvProblem,
    readonly line: number,
    /** 1-based field position within the record, when it applies. */
    readonly field?: number,
  ) {
    super(`${problem} at line ${line}`);
    this.name = 'CsvSyntaxError';
  }
}

const COMMA = 0x2c;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const BOM = 0xfeff;

const enum State {
  /** At the start of a field: nothing read yet. */
  Start,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field: either the first of "" or the closing quote. */
  QuoteInQuoted,
  /** After the closing quote. */
  AfterQuoted,
}

export class CsvParser {
  private readonly limits: CsvLimits;
  private started = false;
  private state = State.Start;
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  private lastWasCR = false;
  private fields: string[] = [];
  private field = '';
  private recordChars = 0;
  /** True once the current record has a quoted field (a lone `""` line is a record). */
  private quotedInRecord = false;
  private ended = false;

  constructor(limits: Partial<CsvLimits> = {}) {
    this.limits = { ...DEFAULT_CSV_LIMITS, ...limits };
  }

  /** The physical line the parser has reached (for errors raised outside the parser). */
  get currentLine(): number {
    return this.line;
  }

  /** Feeds more text; returns the records completed by it. Throws CsvSyntaxError. */
  push(chunk: string): CsvRecord[] {
    if (this.ended) throw new Error('CsvParser: push after end');
    const out: CsvRecord[] = [];
    let s = chunk;
    if (!this.started) {
      if (s.length === 0) return out;
      this.started = true;
      if (s.charCodeAt(0) === BOM) s = s.slice(1);
    }
    const n = s.length;
    let i = 0;
    while (i < n) {
      const c = s.charCodeAt(i);

      if (this.state === State.Quoted) {
        if (c === QUOTE) {
          this.state = State.QuoteInQuoted;
          this.lastWasCR = false;
          i++;
          continue;
        }
        if (c === CR || c === LF) {
          // A line break inside a quoted field is part of the value and still a new line.
          if (c === CR || !this.lastWasCR) this.line++;
          this.lastWasCR = c === CR;
          this.append(s, i, i + 1);
          i++;
          continue;
        }
        let j = i + 1;
        while (j < n) {
          const d = s.charCodeAt(j);
          if (d === QUOTE || d === CR || d === LF) break;
          j++;
        }
        this.append(s, i, j);
        this.lastWasCR = false;
        i = j;
        continue;
      }

      if (this.state === State.QuoteInQuoted) {
        if (c === QUOTE) {
          this.append(s, i, i + 1);
          this.state = State.Quoted;
          this.lastWasCR = false;
          i++;
          continue;
        }
        this.state = State.AfterQuoted;
        // and read `c` below
      }

      if (c === COMMA) {
        this.endField();
        this.state = State.Start;
        this.lastWasCR = false;
        i++;
        continue;
      }
      if (c === CR || c === LF) {
        if (c === LF && this.lastWasCR) {
          // The LF of a CRLF whose CR already ended the record.
          this.lastWasCR = false;
          i++;
          continue;
        }
        this.endRecord(out);
        this.line++;
        this.recordLine = this.line;
        this.lastWasCR = c === CR;
        i++;
        continue;
      }
      this.lastWasCR = false;
      if (this.state === State.AfterQuoted) {
        throw new CsvSyntaxError('textAfterQuote', this.line, this.fields.length + 1);
      }
      if (c === QUOTE && this.state === State.Start) {
        this.state = State.Quoted;
        this.quotedInRecord = true;
        this.quoteLine = this.line;
        i++;
        continue;
      }
      // A run of ordinary characters (quotes inside an unquoted field are literal).
      this.state = State.Unquoted;
      let j = i + 1;
      while (j < n) {
        const d = s.charCodeAt(j);
        if (d === COMMA || d === CR || d === LF) break;
        j++;
      }
      this.append(s, i, j);
      i = j;
    }
    return out;
  }

  /** Ends the input; returns the last record, if any. Throws CsvSyntaxError. */
  end(): CsvRecord[] {
    if (this.ended) return [];
    this.ended = true;
    if (this.state === State.Quoted) throw new CsvSyntaxError('unterminatedQuote', this.quoteLine, this.fields.length + 1);
    const out: CsvRecord[] = [];
    if (this.state !== State.Start || this.fields.length > 0) this.endRecord(out);
    return out;
  }

  private append(s: string, from: number, to: number): void {
    const added = to - from;
    if (this.field.length + added > this.limits.maxFieldChars) {
      throw new CsvSyntaxError('fieldTooLong', this.recordLine, this.fields.length + 1);
    }
    this.recordChars += added;
    if (this.recordChars > this.limits.maxRecordChars) throw new CsvSyntaxError('recordTooLong', this.recordLine);
    this.field += s.slice(from, to);
  }

  private endField(): void {
    if (this.fields.length + 1 >= this.limits.maxFields) {
      throw new CsvSyntaxError('tooManyFields', this.recordLine, this.fields.length + 2);
    }
    this.fields.push(this.field);
    this.field = '';
  }

  private endRecord(out: CsvRecord[]): void {
    const empty = this.fields.length === 0 && this.field === '' && !this.quotedInRecord;
    if (!empty) {
      this.fields.push(this.field);
      out.push({ line: this.recordLine, fields: this.fields });
    }
    this.fields = [];
    this.field = '';
    this.recordChars = 0;
    this.quotedInRecord = false;
    this.state = State.Start;
  }
}

/** Parses a whole string (tests, small inputs). Throws CsvSyntaxError. */
export function parseCsv(text: string, limits: Partial<CsvLimits> = {}): CsvRecord[] {
  const p = new CsvParser(limits);
  return [...p.push(text), ...p.end()];
}
