// An unexpected failure while `bin/stagecoach import` writes is logged: the reply says
// "the error was logged", so stderr must hold the JSON error line. The failure is real:
// a trigger in the database refuses every new deal, as a broken disk or constraint would.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/adapters/db/connect.js';
import { postgresDb, TEST_DATABASE_URL } from '../support/db.js';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/stagecoach');
const DEALS = join(ROOT, 'examples/deals.csv');

const BREAK_DEAL_INSERTS = `
CREATE FUNCTION refuse_deal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'disk says no'; END $$;
CREATE TRIGGER refuse_deal BEFORE INSERT ON deal FOR EACH ROW EXECUTE FUNCTION refuse_deal();`;

function importDeals(env: Record<string, string>) {
  const r = spawnSync(BIN, ['import', DEALS, '--json'], {
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    timeout: 120_000,
  });
  const reply = JSON.parse(r.stdout) as { ok: boolean; code?: string; data?: { errors?: { code: string }[] } };
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  return { status: r.status, reply, lines };
}

function expectOneLoggedError(result: ReturnType<typeof importDeals>, backend: Database['kind']) {
  expect(result.status, backend).toBe(1);
  expect(result.reply.ok).toBe(false);
  const codes = [result.reply.code, ...(result.reply.data?.errors ?? []).map((e) => e.code)];
  expect(codes.some((c) => c === 'INTERNAL' || c === 'UNAVAILABLE')).toBe(true);
  const errors = result.lines.map((l) => JSON.parse(l) as { level: number; msg: string; err?: { message: string } }).filter((l) => l.level >= 50);
  expect(errors).toHaveLength(1);
  expect(errors[0]?.msg).toBe('import failed');
  expect(errors[0]?.err?.message).toMatch(/disk says no/);
}

describe('bin/stagecoach import logs unexpected failures', { timeout: 300_000 }, () => {
  it('PGlite: one JSON error line on stderr', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stagecoach-import-err-'));
    const db = await openDatabase({ kind: 'pglite', dataDir });
    await db.sql.exec(BREAK_DEAL_INSERTS);
    await db.close();
    expectOneLoggedError(importDeals({ DATA_DIR: dataDir, DATABASE_URL: '' }), 'pglite');
  });

  it.runIf(TEST_DATABASE_URL)('PostgreSQL: one JSON error line on stderr', async () => {
    const db = await postgresDb();
    try {
      await db.sql.exec(BREAK_DEAL_INSERTS);
      expectOneLoggedError(importDeals({ DATABASE_URL: db.url }), 'postgres');
    } finally {
      await db.close();
    }
  });
});
