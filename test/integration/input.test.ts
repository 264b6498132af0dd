// Inputs the database would refuse (or store wrongly) answer USAGE in chat and a row
// error in CSV import, and nothing is written: on PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../src/app.js';
import { createTransactor } from '../../src/adapters/db/import-store.js';
import { importCsv } from '../../src/core/csv/import.js';
import type { Reply } from '../../src/core/reply.js';
import { backends } from '../support/db.js';
import { testApp, type TestApp } from '../support/app.js';

type Data = Record<string, any>;
const data = (r: Reply) => r.data as Data;

describe.each(backends)('input checks on $name', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(await backend.open());
  });
  afterAll(() => t.close());

  async function count(table: string): Promise<number> {
    const [row] = await t.app.db.sql.query<{ n: number | string }>(`SELECT count(*) AS n FROM ${table}`);
    return Number(row?.n ?? 0);
  }

  it('answers NUL, ESC and lone surrogates with USAGE and its position, writing nothing', async () => {
    const before = [await count('deal'), await count('stage_event')];
    const nul = await t.run('deal new "N2\0y" 5');
    expect(nul.code).toBe('USAGE');
    expect(data(nul).position).toBe(13);
    for (const c of ['deal new "A\u001b[2J"', 'deal new "A\uD800"', 'deal new Acme industry="x\u009by"', 'deal new "Ac\nme"']) {
      expect((await t.run(c)).code, JSON.stringify(c)).toBe('USAGE');
    }
    expect([await count('deal'), await count('stage_event')]).toEqual(before);
  });

  it('stores tab and line breaks of a note, and refuses NUL in one', async () => {
    expect((await t.run('deal new Noted')).ok).toBe(true);
    expect((await t.run('deal set Noted notes="one\ntwo\tthree"')).ok).toBe(true);
    expect(data(await t.run('deal show Noted')).deal.notes).toBe('one\ntwo\tthree');
    expect((await t.run('deal set Noted notes="a\0b"')).code).toBe('USAGE');
    expect(data(await t.run('deal show Noted')).deal.notes).toBe('one\ntwo\tthree');
  });

  it('refuses invisible names', async () => {
    expect((await t.run('deal new "\u200B\u200E\u202E\u2066\uFEFF"')).code).toBe('USAGE');
    expect((await t.run('deal contact Noted "\u200B" role=dm')).code).toBe('USAGE');
    expect((await t.run('deal competitor Noted "\u2060"')).code).toBe('USAGE');
    expect((await t.run('deal tag Noted "\u200F"')).code).toBe('USAGE');
  });

  it('refuses years outside 1900–2999 and amounts that round to 0 or exceed the column', async () => {
    expect((await t.run('deal set Noted close=0000-01-01')).code).toBe('USAGE');
    expect((await t.run('deal new Ancient close=0000-01-01')).code).toBe('USAGE');
    expect((await t.run('deal set Noted close=3000-01-01')).code).toBe('USAGE');
    expect((await t.run('deal new Tiny 0.001')).code).toBe('USAGE');
    expect((await t.run('deal set Noted amount=0.004')).code).toBe('USAGE');
    expect((await t.run('deal new Huge 99999999999999999')).code).toBe('USAGE');
    expect(await count('deal')).toBe(1);
    // The edges are stored exactly.
    expect((await t.run('deal set Noted amount=1000000000000000 close=2999-12-31')).ok).toBe(true);
    expect(data(await t.run('deal show Noted')).deal).toMatchObject({ amount: 1e15, closeDate: '2999-12-31' });
    expect((await t.run('deal set Noted amount=0.005 close=1900-01-01')).ok).toBe(true);
    expect(data(await t.run('deal show Noted')).deal).toMatchObject({ amount: 0.01, closeDate: '1900-01-01' });
  });

  it('reports the same problems in a CSV import as row errors with line and column, writing nothing', async () => {
    const identity: Identity = { workspaceId: 'w1', workspaceName: 'w1', userId: 'mona', role: 'manager' };
    const ctx = await t.app.context(identity);
    const csv = [
      'name,amount,close_date,stage_entered_at,industry,notes',
      'Old,5,0000-01-01,,,',
      'Late,5,,3000-01-01T00:00:00Z,,',
      'Tiny,0.001,,,,',
      '\u200B\u200E,5,,,,',
      'Esc,5,,,a\u001b[2Jb,',
      'Fine,5,,,,"two\nlines"',
    ].join('\n');
    const before = await count('deal');
    const r = await importCsv(ctx, [{ name: 'deals.csv', chunks: (async function* () { yield csv; })() }], createTransactor(t.app.db.prisma));
    expect(r.ok).toBe(false);
    expect(r.code).toBe('INVALID');
    const errors = (data(r).errors as { line: number; column?: string }[]).map((e) => [e.line, e.column]);
    expect(errors).toEqual([[2, 'close_date'], [3, 'stage_entered_at'], [4, 'amount'], [5, 'name'], [6, 'industry']]);
    expect(await count('deal')).toBe(before);
  });

  it('replays a reopen in a CSV history through the gates, unless --historical', async () => {
    const ctx = await t.app.context({ workspaceId: 'w2', workspaceName: 'w2', userId: 'mona', role: 'manager' });
    const deals = 'name,stage,amount,lost_reason\nRevived,won,5000,\n';
    const history = 'deal,from,to,at,override_reason\nRevived,,lead,2026-01-05,\nRevived,lead,lost,2026-01-10,no reason kept\nRevived,lost,won,2026-02-01,\n';
    const run = (historical: boolean) =>
      importCsv(ctx, [deals, history].map((text, i) => ({ name: i ? 'history.csv' : 'deals.csv', chunks: (async function* () { yield text; })() })), createTransactor(t.app.db.prisma), { historical });
    const gated = await run(false);
    expect(gated.code).toBe('GATE_BLOCKED');
    expect(data(gated).errors[0]).toMatchObject({ file: 'history.csv', line: 4 });
    expect(data(gated).errors[0].missing).toEqual(expect.arrayContaining(['contact', 'industry', 'decision_maker']));
    expect((await run(true)).ok).toBe(true);
  });
});
