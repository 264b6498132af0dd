// CSV import and export against real databases (PGlite always, PostgreSQL with
// TEST_DATABASE_URL): all-or-nothing, idempotence, gates, history, round trips, bad input.
import fc from 'fast-check';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeUtf8 } from '../../src/adapters/csv/read.js';
import { exportCsv } from '../../src/adapters/csv/command.js';
import { createTransactor } from '../../src/adapters/db/import-store.js';
import type { Identity } from '../../src/app.js';
import { importCsv, importFiles, type ImportOptions, type ImportSource, type Transactor } from '../../src/core/csv/import.js';
import type { Role } from '../../src/core/model.js';
import type { Store } from '../../src/core/ports.js';
import { ERROR_CODES, type Reply } from '../../src/core/reply.js';
import { backends } from '../support/db.js';
import { testApp, type TestApp } from '../support/app.js';

type Data = Record<string, any>;
const data = (r: Reply) => r.data as Data;

function textSource(name: string, text: string, chunk = 13): ImportSource {
  return {
    name,
    chunks: (async function* () {
      for (let i = 0; i < text.length; i += chunk) yield text.slice(i, i + chunk);
    })(),
  };
}

const identity = (ws: string, user = 'mona', role: Role = 'manager'): Identity => ({ workspaceId: ws, workspaceName: ws, userId: user, role });

describe.each(backends)('CSV import and export on $name', (backend) => {
  let t: TestApp;
  let transactor: Transactor;
  const logged: unknown[] = [];
  beforeAll(async () => {
    t = await testApp(await backend.open());
    transactor = createTransactor(t.app.db.prisma);
  });
  afterAll(() => t.close());

  async function imp(ws: string, files: [string, string][], options: ImportOptions = {}, as: { user?: string; role?: Role } = {}, tx = transactor) {
    const ctx = await t.app.context(identity(ws, as.user, as.role));
    return importCsv(ctx, files.map(([n, text]) => textSource(n, text)), tx, { onError: (err) => logged.push(err), ...options });
  }

  async function exported(ws: string, kind: 'deals' | 'history'): Promise<string> {
    const parts: string[] = [];
    const out = new Writable({
      write(chunk, _enc, cb) {
        parts.push(String(chunk));
        cb();
      },
    });
    const r = await exportCsv(t.app, identity(ws), kind, out);
    expect(r.ok).toBe(true);
    return parts.join('');
  }

  async function counts(ws: string) {
    const p = t.app.db.prisma;
    const [deals, events, contacts] = await Promise.all([
      p.deal.count({ where: { workspaceId: ws } }),
      p.stageEvent.count({ where: { workspaceId: ws } }),
      p.contact.count({ where: { deal: { workspaceId: ws } } }),
    ]);
    return { deals, events, contacts };
  }

  async function events(ws: string, name: string) {
    const deal = await t.app.store.findDeal(ws, name);
    if (!deal) throw new Error(`no deal ${name}`);
    return (await t.app.store.history(ws, deal.id)).map(({ dealId: _d, ...e }) => ({ ...e, at: e.at.toISOString() }));
  }

  const run = (ws: string, cmd: string, user = 'alice', role: Role = 'admin') => t.run(cmd, { ws, user, role });

  const DEALS = [
    'name,stage,owner,amount,currency,close_date,industry,source,team,tags,contacts,competitors,notes,lost_reason,lost_note,stage_entered_at,created_at',
    'Acme Corp,qualified,rita,120000,USD,2026-06-30,software,referral,east,enterprise; q3,Wang Wei|decision_maker|CTO; Li Na|champion|,none,"Met twice, ""keen""",,,2026-02-10T10:00:00Z,2026-01-05T09:00:00Z',
    "'-Globex,lead,,5k,,,,,,,,,,,,,",
    'Initech,lost,sam,3000,EUR,,manufacturing,event,west,,Bob|user|,Globex,,competitor,,2026-02-20T00:00:00Z,',
    '',
  ].join('\r\n');

  it('creates deals with every field, through the gates, marking the history imported', async () => {
    const r = await imp('a', [['deals.csv', DEALS]]);
    expect(r).toMatchObject({ ok: true, data: { created: 3, updated: 0, moved: 0, unchanged: 0, events: 5 } });
    const acme = await t.app.store.findDeal('a', 'acme corp');
    expect(acme).toMatchObject({
      name: 'Acme Corp',
      stage: 'qualified',
      owner: 'rita',
      amount: 120000,
      currency: 'USD',
      closeDate: '2026-06-30',
      industry: 'software',
      tags: ['enterprise', 'q3'],
      noCompetitor: true,
      competitors: [],
      notes: 'Met twice, "keen"',
      stageEnteredAt: new Date('2026-02-10T10:00:00Z'),
      createdAt: new Date('2026-01-05T09:00:00Z'),
    });
    expect(acme?.contacts.map((c) => [c.name, c.role, c.title, c.addedAt?.toISOString()])).toEqual([
      ['Wang Wei', 'decision_maker', 'CTO', '2026-01-05T09:00:00.000Z'],
      ['Li Na', 'champion', null, '2026-01-05T09:00:00.000Z'],
    ]);
    // created in the first stage, then moved through changeStage: two imported events by the importer
    expect(await events('a', 'Acme Corp')).toEqual([
      { from: null, to: 'lead', at: '2026-01-05T09:00:00.000Z', by: 'mona', overrideReason: null, imported: true },
      { from: 'lead', to: 'qualified', at: '2026-02-10T10:00:00.000Z', by: 'mona', overrideReason: null, imported: true },
    ]);
    // the formula guard is stripped: the name is "-Globex"; no owner column value → the importer
    expect(await t.app.store.findDeal('a', '-Globex')).toMatchObject({ name: '-Globex', owner: 'mona', amount: 5000, stage: 'lead' });
    expect((await t.app.store.findDeal('a', 'Initech'))?.lostReason).toBe('competitor');
    const shown = await run('a', 'deal history "Acme Corp"');
    expect(shown.text).toContain('(imported)');
  });

  it('changes nothing when the same file is imported again (no write, no event, same version)', async () => {
    const before = await counts('a');
    const deal = await t.app.store.findDeal('a', 'Acme Corp');
    const again = await imp('a', [['deals.csv', DEALS]]);
    expect(again).toMatchObject({ ok: true, data: { created: 0, updated: 0, moved: 0, unchanged: 3, events: 0, changes: [] } });
    expect(await counts('a')).toEqual(before);
    const after = await t.app.store.findDeal('a', 'Acme Corp');
    expect(after?.version).toBe(deal?.version);
    expect(after?.updatedAt).toEqual(deal?.updatedAt);
  });

  it('upserts by name case-insensitively: fields without an event, a stage change as one imported move', async () => {
    expect((await run('b', 'deal new "Acme Corp" 1000 industry=software source=referral')).ok).toBe(true);
    expect((await run('b', 'deal contact "Acme Corp" "Wang Wei" role=dm')).ok).toBe(true);
    const csv = 'Name,Amount,Stage,Stage Entered At\nACME CORP,2500,lead,\nacme corp,2500,opportunity,2026-03-01T00:00:00Z\n';
    const dup = await imp('b', [['d.csv', csv]]);
    expect(dup.code).toBe('DUPLICATE');
    expect(data(dup).errors).toEqual([expect.objectContaining({ line: 3, column: 'name', code: 'DUPLICATE' })]);

    const fields = await imp('b', [['d.csv', 'name,amount,tags\nACME CORP,2500,vip\n']]);
    expect(fields).toMatchObject({ ok: true, data: { updated: 1, events: 0 } });
    expect(await t.app.store.findDeal('b', 'acme corp')).toMatchObject({ name: 'ACME CORP', amount: 2500, tags: ['vip'], industry: 'software' });
    expect(await events('b', 'Acme Corp')).toHaveLength(1);

    const moved = await imp('b', [['d.csv', 'name,stage,stage_entered_at\nAcme Corp,opportunity,2026-03-03T08:00:00Z\n']]);
    expect(moved).toMatchObject({ ok: true, data: { moved: 1, events: 1 } });
    expect((await events('b', 'Acme Corp')).at(-1)).toEqual({
      from: 'lead',
      to: 'opportunity',
      at: '2026-03-03T08:00:00.000Z',
      by: 'mona',
      overrideReason: null,
      imported: true,
    });
    // contacts kept their "added at" (same person, same role)
    expect((await t.app.store.findDeal('b', 'Acme Corp'))?.contacts[0]?.addedAt).toEqual(new Date('2026-03-02T09:00:00Z'));
  });

  it('refuses a row whose stage gate is not met (GATE_BLOCKED with the requirement ids) and writes nothing at all', async () => {
    const csv = [
      'name,stage,amount,industry,source,contacts',
      'Good One,opportunity,100,software,web,Ann|user|',
      'Too Early,qualified,100,software,web,Ann|user|',
      'Fine Lead,lead,,,,',
    ].join('\n');
    const r = await imp('c', [['gates.csv', csv]]);
    expect(r.ok).toBe(false);
    expect(r.code).toBe('GATE_BLOCKED');
    expect(data(r).errors).toEqual([
      expect.objectContaining({ line: 3, column: 'stage', code: 'GATE_BLOCKED', missing: ['decision_maker', 'competitor', 'close_date'] }),
    ]);
    expect(r.text).toMatch(/line 3, stage: "Too Early" cannot enter Qualified: missing decision_maker, competitor, close_date/);
    expect(await counts('c')).toEqual({ deals: 0, events: 0, contacts: 0 });

    // --historical records the rows as they are (still marked imported)
    const h = await imp('c', [['gates.csv', csv]], { historical: true });
    expect(h).toMatchObject({ ok: true, data: { created: 3, historical: true } });
    expect(h.text).toMatch(/gates were not checked/);
    expect((await events('c', 'Too Early')).map((e) => [e.from, e.to, e.imported])).toEqual([
      [null, 'lead', true],
      ['lead', 'qualified', true],
    ]);
  });

  it('reports every bad row with its line, column and code, and stops before the database', async () => {
    const csv = 'name,amount,close_date,contacts\nA,abc,,\nB,5,2026-13-01,\n"C, Inc",7,,Ann|chief\n,1,,\n';
    const r = await imp('d', [['bad.csv', csv]]);
    expect(r).toMatchObject({ ok: false, code: 'INVALID' });
    expect(data(r).errors.map((e: Data) => [e.line, e.column, e.code])).toEqual([
      [2, 'amount', 'INVALID'],
      [3, 'close_date', 'INVALID'],
      [4, 'contacts', 'INVALID'],
      [5, 'name', 'INVALID'],
    ]);
    expect(data(r).errorCount).toBe(4);
    expect(r.text.split('\n')[0]).toBe('Nothing was imported: 4 error(s).');
    expect(r.text).toContain('bad.csv: line 3, close_date: "2026-13-01" is not a valid date');

    // workspace checks: unknown stage and loss fields on an open deal (mixed codes → INVALID)
    const ws = 'name,stage,lost_reason\nX,nowhere,\nY,lead,price\nZ,合格机会,\n';
    const w = await imp('d', [['ws.csv', ws]]);
    expect(w.code).toBe('INVALID');
    expect(data(w).errors.map((e: Data) => [e.line, e.column, e.code])).toEqual([
      [2, 'stage', 'STAGE_NOT_FOUND'],
      [3, 'lost_reason', 'INVALID'],
      [4, 'stage', 'GATE_BLOCKED'],
    ]);
    expect(await counts('d')).toEqual({ deals: 0, events: 0, contacts: 0 });
  });

  it('is for managers and admins only; a dry run reports and writes nothing', async () => {
    const rep = await imp('e', [['deals.csv', DEALS]], {}, { user: 'rita', role: 'rep' });
    expect(rep.code).toBe('FORBIDDEN');
    const dry = await imp('e', [['deals.csv', DEALS]], { dryRun: true });
    expect(dry).toMatchObject({ ok: true, data: { dryRun: true, created: 3, events: 5 } });
    expect(dry.text).toMatch(/^Dry run, nothing was written/);
    expect(await counts('e')).toEqual({ deals: 0, events: 0, contacts: 0 });
  });

  it('refuses a rep, or a wrong number of files, before opening any file', async () => {
    const opened: string[] = [];
    const open = async (file: string) => {
      opened.push(file);
      return textSource(file, DEALS);
    };
    const rep = await t.app.context(identity('e2', 'rita', 'rep'));
    expect((await importFiles(rep, ['deals.csv'], open, transactor)).code).toBe('FORBIDDEN');
    const mona = await t.app.context(identity('e2'));
    expect((await importFiles(mona, ['a.csv', 'b.csv', 'c.csv'], open, transactor)).code).toBe('USAGE');
    expect(opened).toEqual([]);
    expect(await importFiles(mona, ['deals.csv'], open, transactor, { dryRun: true })).toMatchObject({ ok: true, data: { created: 3 } });
    expect(opened).toEqual(['deals.csv']);
  });

  it('undoes everything the import wrote when a write fails midway', async () => {
    await run('f', 'deal new Existing 10');
    const before = await counts('f');
    let creates = 0;
    const failing = (err: Error): Transactor => ({
      transaction: (body) =>
        transactor.transaction((store, bulk) =>
          body(store, {
            ...bulk,
            insertDeals: async (ws, deals) => {
              await bulk.insertDeals(ws, deals.slice(0, 2));
              if (++creates === 1) throw err;
            },
          }),
        ),
    });
    const csv = 'name,amount\nExisting,20\nN1,1\nN2,2\nN3,3\nN4,4\n';
    const r = await imp('f', [['d.csv', csv]], {}, {}, failing(new Error('disk full')));
    expect(r).toMatchObject({ ok: false, code: 'INTERNAL' });
    expect(data(r).errors).toEqual([expect.objectContaining({ line: 3, code: 'INTERNAL' })]);
    expect(r.text).not.toContain('disk full');
    expect(logged).toContainEqual(expect.objectContaining({ message: 'disk full' }));
    expect(await counts('f')).toEqual(before);
    expect((await t.app.store.findDeal('f', 'Existing'))?.amount).toBe(10);

    creates = 0;
    const down = Object.assign(new Error('gone'), { unavailable: true });
    const u = await imp('f', [['d.csv', csv]], {}, {}, failing(down));
    expect(u.code).toBe('UNAVAILABLE');
    expect(await counts('f')).toEqual(before);
  });

  it('round-trips a chat-built workspace into an empty one: deals, contacts, competitors, tags, history with overrides', async () => {
    const src = 'src';
    const go = async (cmd: string, user = 'alice', role: Role = 'admin') => {
      const r = await run(src, cmd, user, role);
      expect(r.ok, `${cmd}: ${r.text}`).toBe(true);
      t.clock.advanceDays(1);
    };
    await go('deal new "Acme Corp" 120000 industry=software source=referral team=east tags=enterprise,q3');
    await go('deal contact "Acme Corp" "Wang Wei" role=decision_maker title="VP, Sales"');
    await go('deal move "Acme Corp" opportunity');
    await go('deal competitor "Acme Corp" none');
    await go('deal set "Acme Corp" close=2027-01-31 notes="Budget | approved; said \\"yes\\""');
    await go('deal move "Acme Corp" qualified');
    await go('deal new "-Globex" 5000 industry==cmd source=@web', 'rita', 'rep');
    await go('deal contact "-Globex" "Li; Na" role=champion', 'rita', 'rep');
    await go('deal move "-Globex" opportunity', 'rita', 'rep');
    await go('deal move "-Globex" qualified --override "CEO said so"', 'mona', 'manager');
    await go('deal lost "-Globex" reason=competitor competitor=none note="they had it"', 'mona', 'manager');
    await go('deal move "-Globex" opportunity', 'mona', 'manager');
    await go('deal lost "-Globex" competitor competitor="Big, Co"', 'mona', 'manager');
    await go('deal new 阿里巴巴 5万 industry=电商 source=展会');
    await go('deal contact 阿里巴巴 王伟 role=决策者 title=CTO');
    await go('deal contact 阿里巴巴 李娜 role=champion');
    await go('deal competitor 阿里巴巴 腾讯');
    await go('deal set 阿里巴巴 close=2026-12-01 currency=CNY');
    await go('deal won 阿里巴巴 60000 --override "signed early"');
    await go('deal new Empty');

    const deals = await exported(src, 'deals');
    const history = await exported(src, 'history');
    expect(deals.split('\r\n').find((l) => l.includes('Globex'))).toMatch(/^'-Globex,lost,rita,/);
    expect(deals).toContain(",'=cmd,'@web,");

    const viewOf = async (ws: string) => {
      const all = await t.app.store.listDeals(ws, {});
      return Promise.all(
        all
          .sort((a, b) => a.name.localeCompare(b.name))
          .map(async ({ id: _i, workspaceId: _w, updatedAt: _u, version: _v, ...d }) => ({ ...d, events: (await events(ws, d.name)).map(({ imported: _m, ...e }) => e) })),
      );
    };
    const original = await viewOf(src);

    for (const [ws, historical] of [['dst', false], ['dst-historical', true]] as const) {
      const r = await imp(ws, [['deals.csv', deals], ['history.csv', history]], { historical });
      expect(r, r.text).toMatchObject({ ok: true, data: { created: 4 } });
      expect(await viewOf(ws)).toEqual(original);
      for (const e of await events(ws, 'Acme Corp')) expect(e.imported).toBe(true);
      // and the export of the copy is the export of the original (but for the imported flag)
      expect(await exported(ws, 'deals')).toBe(deals);
      expect(await exported(ws, 'history')).toBe(history.replace(/,false\r\n/g, ',true\r\n'));
      // importing the same two files again changes nothing
      const again = await imp(ws, [['deals.csv', deals], ['history.csv', history]], { historical });
      expect(again).toMatchObject({ ok: true, data: { unchanged: 4, events: 0 } });
    }
    const overrides = (await events('dst', '-Globex')).map((e) => e.overrideReason);
    expect(overrides).toContain('CEO said so');
  });

  it('extends a stored history from a history file, and refuses one that differs', async () => {
    const ws = 'g';
    const deals = 'name,stage,industry,source,contacts\nAcme,lead,software,web,Ann|user|\n';
    const history = [
      'deal,from,to,at,by,override_reason',
      'Acme,,lead,2026-01-01T00:00:00Z,rita,',
      'Acme,lead,opportunity,2026-01-10T00:00:00Z,rita,',
    ].join('\n');
    // imported separately, the deal got its own creation event: the file's history does not extend it
    expect((await imp(ws, [['deals.csv', deals]])).ok).toBe(true);
    const differs = await imp(ws, [['history.csv', history]]);
    expect(differs.code).toBe('INVALID');
    expect(data(differs).errors[0]).toMatchObject({ line: 2 });
    expect(differs.text).toMatch(/History can only be extended/);

    // a deal imported with its history takes further events from a later history file
    const both = await imp('g2', [['history.csv', history.split('\n').slice(0, 2).join('\n')], ['deals.csv', deals]]);
    expect(both).toMatchObject({ ok: true, data: { created: 1, events: 1 } });
    const more = await imp('g2', [['history.csv', history]]);
    expect(more).toMatchObject({ ok: true, data: { moved: 1, events: 1 } });
    expect((await events('g2', 'Acme')).map((e) => [e.from, e.to, e.by])).toEqual([
      [null, 'lead', 'rita'],
      ['lead', 'opportunity', 'rita'],
    ]);
    // a history file for an unknown deal, a wrong "from", events out of order
    const bad = [
      'deal,from,to,at',
      'Nobody,,lead,2026-01-01',
      'Acme,lead,qualified,2026-02-01',
    ].join('\n');
    const r = await imp('g2', [['history.csv', bad]]);
    expect(data(r).errors.map((e: Data) => [e.line, e.code])).toEqual([
      [2, 'DEAL_NOT_FOUND'],
      [3, 'INVALID'],
    ]);
    const order = await imp('g3', [['h.csv', 'deal,to,at\nX,lead,2026-02-01\nX,opportunity,2026-01-01\n'], ['d.csv', 'name\nX\n']]);
    expect(data(order).errors).toEqual([expect.objectContaining({ line: 3, column: 'at', code: 'INVALID' })]);
  });

  it('answers any bytes with a reply that has a code, and writes nothing when it fails', async () => {
    await run('fuzz', 'deal new Keep 1');
    const start = await counts('fuzz');
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.string({ maxLength: 200 }).map((s) => new TextEncoder().encode(s)),
      fc
        .array(fc.constantFrom('name', 'deal', 'to', 'at', 'stage', 'amount', ',', '"', '\n', '\r\n', 'Keep', 'lead', '=x', '5k', '-1', 'none', '|', ';', '\u0000', '\uFEFF'), { maxLength: 40 })
        .map((parts) => new TextEncoder().encode(parts.join(''))),
    );
    const known = new Set<string>(ERROR_CODES);
    await fc.assert(
      fc.asyncProperty(bytes, fc.integer({ min: 1, max: 64 }), async (buf, size) => {
        const before = await counts('fuzz');
        const chunks = (async function* () {
          for (let i = 0; i < buf.length; i += size) yield buf.slice(i, i + size);
        })();
        const ctx = await t.app.context(identity('fuzz'));
        const r = await importCsv(ctx, [{ name: 'fuzz.csv', chunks: decodeUtf8(chunks) }], transactor);
        expect(typeof r.ok).toBe('boolean');
        expect(typeof r.text).toBe('string');
        if (!r.ok) {
          expect(known.has(r.code as string)).toBe(true);
          expect(r.code).not.toBe('INTERNAL');
          for (const e of data(r).errors ?? []) expect(e).toMatchObject({ line: expect.any(Number), code: expect.any(String), message: expect.any(String) });
          expect(await counts('fuzz')).toEqual(before);
        }
      }),
      { numRuns: 150 },
    );
    expect((await counts('fuzz')).deals).toBeGreaterThanOrEqual(start.deals);
  });

  it('writes nothing when any one row of an otherwise valid file is broken', async () => {
    const good = fc.record({
      name: fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,10}[A-Za-z0-9]$/),
      amount: fc.integer({ min: 0, max: 10_000_000 }),
      stage: fc.constantFrom('lead', 'opportunity', 'lost'),
    });
    const tail = ',software,web,Ann|user|,';
    const broken = fc.constantFrom(
      `X,abc,lead${tail}`,
      `Y,5,nowhere${tail}`,
      `Z,5,qualified${tail}`,
      `"unclosed,5,lead${tail}`,
      `W,5,lead${tail},extra`,
      `V,-3,lead${tail}`,
      `,5,lead${tail}`,
      'U,5,lead,software,web,Ann|boss|,',
      `T,5,lost${tail}`,
    );
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(good, { minLength: 1, maxLength: 6, selector: (g) => g.name.toLowerCase() }), broken, fc.nat(), async (rows, bad, at) => {
        const lines = rows.map((g) => `${g.name},${g.amount},${g.stage}${tail}${g.stage === 'lost' ? 'price' : ''}`);
        lines.splice(at % (lines.length + 1), 0, bad);
        const csv = `name,amount,stage,industry,source,contacts,lost_reason\n${lines.join('\n')}\n`;
        const before = await counts('prop');
        const r = await imp('prop', [['p.csv', csv]]);
        expect(r.ok, r.text).toBe(false);
        expect(await counts('prop')).toEqual(before);
      }),
      { numRuns: 40 },
    );
  });

  it('imports more rows than the old 20,000-row cap in one transaction, through the bulk path', async () => {
    const rows = 25_000;
    const chunks = (async function* () {
      yield 'name,amount,industry,source,contacts,stage\n';
      for (let i = 0; i < rows; i += 1000) {
        let s = '';
        for (let j = i; j < i + 1000; j++) s += `Deal ${j},${j + 1},software,web,P ${j}|user|,opportunity\n`;
        yield s;
      }
    })();
    const ctx = await t.app.context(identity('big'));
    const started = performance.now();
    const r = await importCsv(ctx, [{ name: 'big.csv', chunks }], transactor);
    const ms = performance.now() - started;
    expect(r.ok).toBe(true);
    expect(data(r)).toMatchObject({ created: rows, events: 2 * rows });
    expect(await counts('big')).toEqual({ deals: rows, events: 2 * rows, contacts: rows });
    expect((await events('big', 'deal 24999')).map((e) => [e.from, e.to])).toEqual([[null, 'lead'], ['lead', 'opportunity']]);
    console.log(`${rows}-row import: ${ms.toFixed(0)} ms`);
  }, 300_000);

  it('refuses an over-long cell and a huge unclosed quote without buffering the file', async () => {
    const long = await imp('h', [['long.csv', `name,notes\nA,${'x'.repeat(40_000)}\n`]]);
    expect(long.code).toBe('TOO_LARGE');
    expect(data(long).errors[0]).toMatchObject({ line: 2, code: 'TOO_LARGE' });
    const open = await imp('h', [['open.csv', 'name,notes\nA,"never closed\n' + 'B,x\n'.repeat(20_000)]]);
    expect(open.code).toBe('TOO_LARGE');
    const unterminated = await imp('h', [['open.csv', 'name,notes\nA,b\nC,"never closed\nD,x\n']]);
    expect(unterminated).toMatchObject({ code: 'INVALID', data: { errors: [expect.objectContaining({ line: 3 })] } });
    expect(await counts('h')).toEqual({ deals: 0, events: 0, contacts: 0 });
  });

  it('exports an empty workspace as a header only, and guards formula-like cells', async () => {
    expect(await exported('empty', 'deals')).toBe(
      'name,stage,owner,amount,currency,close_date,industry,source,team,tags,contacts,competitors,notes,lost_reason,lost_note,stage_entered_at,created_at\r\n',
    );
    expect(await exported('empty', 'history')).toBe('deal,from,to,at,by,override_reason,imported\r\n');
  });
});
