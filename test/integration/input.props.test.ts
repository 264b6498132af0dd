// The full path — parser, use cases, store on a real database — fed arbitrary Unicode in
// every argument position of every command: never INTERNAL, never a thrown exception
// (the test app rethrows what the use cases would log), and nothing written when the
// reply is an error.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/adapters/db/connect.js';
import { pgliteDb } from '../support/db.js';
import { testApp, type TestApp } from '../support/app.js';

/** Every command with `$` for an argument slot. */
const TEMPLATES = [
  'deal new $ $',
  'deal new $ amount=$ currency=$ close=$',
  'deal new $ industry=$ source=$ team=$ owner=$ tags=$',
  'deal move $ $',
  'deal move Base $ --override $',
  'deal set $ amount=$ close=$ notes=$',
  'deal set Base industry=$ source=$ team=$ tags=$ currency=$',
  'deal set Base owner=$',
  'deal contact $ $ role=$ title=$',
  'deal contact Base $ role=dm title=$',
  'deal competitor $ $',
  'deal competitor Base $',
  'deal tag $ $ $',
  'deal tag Base $',
  'deal won $ $',
  'deal won Base $ --override $',
  'deal lost $ reason=$ competitor=$ note=$',
  'deal lost Base reason=other note=$',
  'deal lost Base reason=competitor competitor=$',
  'deal show $',
  'deal history $',
  'deal list $',
  'deal list stage=$',
  'deal list owner=$',
  'gates show $',
  'gates set $ require $',
  'stage list $',
  'stage add $ after=$',
  'stage rename $ $',
  'stage remove $',
  'stage move $ after=$',
  'role set $ $',
  'role list $',
  'funnel $ by=$ view=$',
  'metrics $ by=$',
  'winloss $ by=$ from=$',
  'competitors $',
  'stale $ days=$',
  'stale owner=$',
  'help $',
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const control = fc.integer({ min: 0, max: 0x9f }).filter((c) => c < 0x20 || c >= 0x7f).map((c) => String.fromCharCode(c));
const mark = fc.constantFrom('\u200B', '\u200E', '\u200F', '\u202A', '\u202E', '\u2066', '\u2069', '\uFEFF', '\u2060', '\u3000');
const special = fc.oneof(control, loneSurrogate, mark, fc.constantFrom('"', '“', '”', '=', '\\', ',', '-', '0', '.', '9'));

const evil = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ unit: fc.oneof(special, fc.string({ maxLength: 1 })), maxLength: 20 }),
  fc.array(mark, { minLength: 1, maxLength: 5 }).map((a) => a.join('')),
  fc.tuple(fc.constantFrom('Base', 'lead', 'won', 'lost', 'Acme', 'x'), special, fc.constantFrom('', 'y', ' z')).map(([a, b, c]) => a + b + c),
  // Very long tokens: past the name and text limits, up to the message limit.
  fc.tuple(fc.string({ unit: fc.oneof(special, fc.constantFrom('a', '中', '😀')), minLength: 1, maxLength: 4 }), fc.integer({ min: 50, max: 1500 })).map(([s, n]) => s.repeat(n)),
);
/** Values that pass the parser, so that the evil ones around them reach the use cases. */
const valid = fc.constantFrom('Base', 'lead', 'qualified', 'won', 'lost', '5k', '0.001', '0', '1e3', '2026-06-30', '0000-01-01', '3000-01-01', 'usd', 'dm', 'price', 'other', 'all', 'mine', 'rita', 'manager', 'amount', 'none', '90d', 'owner', 'month');

function quoteOrNot(s: string, how: number): string {
  if (how === 0) return s;
  return `"${s.replace(/[\\"”]/g, '\\$&')}"`;
}

const slot = fc.tuple(fc.oneof({ weight: 3, arbitrary: evil }, { weight: 2, arbitrary: valid }), fc.nat(2)).map(([s, how]) => quoteOrNot(s, how));

const commandArb = fc
  .tuple(fc.constantFrom(...TEMPLATES), fc.array(slot, { minLength: 6, maxLength: 6 }), fc.constantFrom('admin', 'rep') )
  .map(([template, slots, role]) => {
    let i = 0;
    return { text: template.replace(/\$/g, () => slots[i++] ?? ''), role: role as 'admin' | 'rep' };
  });

const TABLES = ['deal', 'stage_event', 'contact', 'stage', 'member'];

async function snapshot(db: Database): Promise<string[]> {
  const out: string[] = [];
  for (const table of TABLES) {
    const [row] = await db.sql.query<{ h: string | null }>(`SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM ${table} t`);
    out.push(`${table}:${row?.h ?? ''}`);
  }
  return out;
}

describe('every command, every argument, arbitrary Unicode, on PGlite', () => {
  let db: Database;
  let t: TestApp;
  beforeAll(async () => {
    db = await pgliteDb();
    t = await testApp(db);
    for (const c of ['deal new Base 5000 industry=retail source=web close=2026-06-30', 'deal contact Base Ann role=dm', 'deal competitor Base none', 'role set rita rep']) {
      expect((await t.run(c)).ok, c).toBe(true);
    }
  }, 60_000);
  afterAll(() => t.close());

  it('answers without INTERNAL or an exception, and writes nothing on an error', async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(commandArb, async ({ text, role }) => {
        const before = await snapshot(db);
        const reply = await t.run(text, { user: role === 'admin' ? 'alice' : 'rita', role });
        seen.set(reply.code ?? 'ok', (seen.get(reply.code ?? 'ok') ?? 0) + 1);
        expect(reply.code, text).not.toBe('INTERNAL');
        expect(reply.code, text).not.toBe('UNAVAILABLE');
        expect(typeof reply.text).toBe('string');
        if (!reply.ok) expect(await snapshot(db), text).toEqual(before);
      }),
      { numRuns: 300, interruptAfterTimeLimit: 100_000 },
    );
    // The generator reaches the use cases, not only the parser.
    expect([...seen.keys()].length).toBeGreaterThan(2);
  }, 180_000);
});
