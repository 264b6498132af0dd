// The embedded database on its own thread: the main thread's event loop keeps turning
// while PGlite computes, errors cross with their PostgreSQL codes, a dead thread makes
// commands answer UNAVAILABLE, and a restore interrupted between its renames is
// recovered when the database is next opened.
import { existsSync, mkdtempSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/adapters/db/connect.js';
import { openApp, type App, type Identity } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { pgliteDb } from '../support/db.js';

const me: Identity = { workspaceId: 'w1', workspaceName: 'w1', userId: 'alice', role: 'admin' };

describe('PGlite on a worker thread', () => {
  let db: Database;
  beforeAll(async () => {
    db = await pgliteDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('keeps the event loop turning while a long statement runs', async () => {
    let last = performance.now();
    let longestGap = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 5);
    const started = performance.now();
    await db.sql.query('SELECT count(*) FROM generate_series(1, 3000000) g WHERE g % 7 = 3');
    const took = performance.now() - started;
    clearInterval(timer);
    // On the main thread the timer would wait the whole statement out.
    expect(took).toBeGreaterThan(200);
    expect(longestGap).toBeLessThan(took / 2);
  });

  it('hands back PostgreSQL errors with their code and fields, through raw SQL and through Prisma', async () => {
    await db.sql.exec('CREATE TABLE thread_probe (k text PRIMARY KEY)');
    await db.sql.query('INSERT INTO thread_probe VALUES ($1)', ['a']);
    await expect(db.sql.query('INSERT INTO thread_probe VALUES ($1)', ['a'])).rejects.toMatchObject({ code: '23505', constraint: 'thread_probe_pkey' });
    // As pglite-prisma-adapter reports it (store.ts maps it to DUPLICATE).
    await db.prisma.workspace.create({ data: { id: 'dup', name: 'dup', timezone: 'UTC', locale: 'en' } });
    await expect(db.prisma.workspace.create({ data: { id: 'dup', name: 'dup', timezone: 'UTC', locale: 'en' } })).rejects.toMatchObject({
      name: 'DriverAdapterError',
      cause: { kind: 'postgres', code: '23505' },
    });
  });

  it('returns values of every type as PGlite parses them', async () => {
    const [row] = await db.sql.query<Record<string, unknown>>(
      `SELECT 5::int8 AS i8, 1.5::numeric AS num, '2026-01-02T03:04:05Z'::timestamptz AS ts, '{"a":[1]}'::jsonb AS js, ARRAY['x','y'] AS arr, '\\x0102'::bytea AS bytes, true AS b`,
    );
    expect(row).toEqual({ i8: 5, num: '1.5', ts: new Date('2026-01-02T03:04:05Z'), js: { a: [1] }, arr: ['x', 'y'], bytes: new Uint8Array([1, 2]), b: true });
  });
});

describe('a dead PGlite thread', () => {
  let app: App;
  beforeAll(async () => {
    app = await openApp(loadConfig({}), { db: await pgliteDb() });
  });
  afterAll(async () => {
    await app.close();
  });

  it('makes commands answer UNAVAILABLE at once instead of hanging', async () => {
    expect((await app.run(me, 'deal new Steady 100')).ok).toBe(true);
    await app.db.thread?.terminate();
    const started = Date.now();
    const reply = await app.run(me, 'deal show Steady');
    expect(reply.code).toBe('UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('a restore interrupted between its renames', { timeout: 300_000 }, () => {
  async function databaseHolding(marker: string): Promise<string> {
    const dataDir = mkdtempSync(join(tmpdir(), 'stagecoach-recover-'));
    const db = await openDatabase({ kind: 'pglite', dataDir }, { migrate: false });
    await db.sql.exec(`CREATE TABLE marker (v text); INSERT INTO marker VALUES ('${marker}')`);
    await db.close();
    return dataDir;
  }
  async function markerIn(dataDir: string): Promise<string | undefined> {
    const db = await openDatabase({ kind: 'pglite', dataDir }, { migrate: false });
    try {
      return (await db.sql.query<{ v: string }>('SELECT v FROM marker'))[0]?.v;
    } finally {
      await db.close();
    }
  }

  let current: string;
  let backup: string;
  beforeAll(async () => {
    [current, backup] = await Promise.all([databaseHolding('replaced'), databaseHolding('restored')]);
  });

  it('is completed when the checked backup was already beside the database', async () => {
    // The state after pglite → pglite.before-restore, before pglite.restored → pglite.
    renameSync(join(backup, 'pglite'), join(current, 'pglite.restored'));
    renameSync(join(current, 'pglite'), join(current, 'pglite.before-restore'));
    expect(await markerIn(current)).toBe('restored');
    expect(existsSync(join(current, 'pglite.before-restore'))).toBe(true);
    expect(existsSync(join(current, 'pglite.restored'))).toBe(false);
  });

  it('puts the replaced database back when nothing checked is there', async () => {
    renameSync(join(current, 'pglite'), join(backup, 'pglite'));
    expect(await markerIn(current)).toBe('replaced');
    expect(existsSync(join(current, 'pglite.before-restore'))).toBe(false);
  });
});
