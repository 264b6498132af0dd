// A restore never loses the data it replaces: archives that are foreign, from a newer
// version, truncated or bombs are refused with a stable error, the old database is
// untouched and still served; a backup from an older version is migrated forward.
import { PGlite } from '@electric-sql/pglite';
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { backupPglite, BackupTooLargeError, InvalidBackupError, restorePglite } from '../../src/adapters/backup/pglite-backup.js';
import { openDatabase } from '../../src/adapters/db/connect.js';
import { readMigrations } from '../../src/adapters/db/migrate.js';
import { openApp, type Identity } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';

const me: Identity = { workspaceId: 'local', workspaceName: 'Local', userId: 'local', role: 'admin' };
const BIN = join(import.meta.dirname, '../../bin/stagecoach');
const MiB = 1024 * 1024;
const tmp = (name: string) => mkdtempSync(join(tmpdir(), `stagecoach-restore-${name}-`));

async function snapshot(dataDir: string): Promise<string> {
  const db = await openDatabase({ kind: 'pglite', dataDir }, { migrate: false });
  try {
    const deals = await db.sql.query('SELECT * FROM deal ORDER BY name');
    const events = await db.sql.query('SELECT * FROM stage_event ORDER BY id');
    const migrations = await db.sql.query('SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name');
    return JSON.stringify({ deals, events, migrations });
  } finally {
    await db.close();
  }
}

/** A ustar header, as PGlite's tar writer makes them. */
function tarHeader(name: string, size: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0);
  h.write('0000600\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  h.write('00000000000\0', 136);
  h.write('0', 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  h.fill(32, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

async function gzipTo(file: string, parts: Iterable<Buffer>): Promise<void> {
  await pipeline(Readable.from(parts), createGzip(), createWriteStream(file));
}

function* zeros(bytes: number): Generator<Buffer> {
  const chunk = Buffer.alloc(MiB);
  for (let left = bytes; left > 0; left -= MiB) yield left >= MiB ? chunk : chunk.subarray(0, left);
}

/** 300 files of 1 MiB of zeros: a ~300 KB archive that expands to 300 MiB. */
function* manyFiles(): Generator<Buffer> {
  for (let i = 0; i < 300; i++) {
    yield tarHeader(`base/bomb/${i}`, MiB);
    yield* zeros(MiB);
  }
}

async function dumpOf(dir: string, sql: string, file: string): Promise<void> {
  const db = await PGlite.create(dir);
  try {
    await db.exec(sql);
    writeFileSync(file, Buffer.from(await (await db.dumpDataDir('gzip')).arrayBuffer()));
  } finally {
    await db.close();
  }
}

function cliRestore(dataDir: string, file: string) {
  const r = spawnSync(BIN, ['restore', file, '--json'], { encoding: 'utf8', env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' }, timeout: 120_000 });
  return { status: r.status, reply: JSON.parse(r.stdout) as { ok: boolean; code?: string; data?: Record<string, unknown> } };
}

describe('restore keeps the database it would replace', { timeout: 900_000 }, () => {
  const dataDir = tmp('data');
  const files = tmp('files');
  const archive = (name: string) => join(files, name);
  const migrations = readMigrations().map((m) => m.name);
  let before = '';

  beforeAll(async () => {
    const app = await openApp(loadConfig({ DATA_DIR: dataDir }));
    await app.run(me, 'deal new "Acme Corp" 50000');
    await app.run(me, 'deal move "Acme Corp" opportunity');
    await app.run(me, 'deal new Beta 7000');
    await app.close();

    // a database with other tables, one of them even called deal
    await dumpOf(tmp('foreign'), 'CREATE TABLE deal (id int); CREATE TABLE widget (x int); INSERT INTO widget VALUES (1)', archive('foreign.tar.gz'));

    // a Stagecoach database one migration ahead of this version
    const newer = tmp('newer');
    const db = await openDatabase({ kind: 'pglite', dataDir: newer });
    await db.sql.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at) VALUES ('x', 'x', '29991231000000_future', now())`);
    await db.close();
    await backupPglite(newer, archive('newer.tar.gz'));

    await backupPglite(dataDir, archive('good.tar.gz'));
    const good = readFileSync(archive('good.tar.gz'));
    writeFileSync(archive('truncated.tar.gz'), good.subarray(0, Math.floor(good.length / 2)));

    await gzipTo(archive('zeros.tar.gz'), zeros(300 * MiB));
    await gzipTo(archive('bomb.tar.gz'), manyFiles());
    await gzipTo(archive('huge-header.tar.gz'), [tarHeader('base/huge', 3 * 1024 ** 3), Buffer.alloc(4096)]);
    before = await snapshot(dataDir);
  });

  it('refuses a foreign, newer, truncated or bomb archive with a stable error and leaves the database as it was', async () => {
    await expect(restorePglite(dataDir, archive('foreign.tar.gz'))).rejects.toBeInstanceOf(InvalidBackupError);
    const newer = restorePglite(dataDir, archive('newer.tar.gz'));
    await expect(newer).rejects.toBeInstanceOf(InvalidBackupError);
    await expect(newer).rejects.toMatchObject({ needs: '29991231000000_future' });
    await expect(restorePglite(dataDir, archive('truncated.tar.gz'))).rejects.toBeInstanceOf(InvalidBackupError);
    await expect(restorePglite(dataDir, archive('zeros.tar.gz'))).rejects.toBeInstanceOf(InvalidBackupError);

    // expanded on disk chunk by chunk: memory stays flat, and the cap stops it
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    await expect(restorePglite(dataDir, archive('bomb.tar.gz'), { maxBytes: 64 * MiB })).rejects.toBeInstanceOf(BackupTooLargeError);
    clearInterval(sampler);
    console.log(`bomb: ${readFileSync(archive('bomb.tar.gz')).length} bytes, rss growth ${((peak - rssBefore) / MiB).toFixed(1)} MiB`);
    expect(peak - rssBefore).toBeLessThan(100 * MiB);

    expect(await snapshot(dataDir)).toBe(before);
    expect(readdirSync(dataDir).filter((n) => n.startsWith('pglite.restoring-'))).toEqual([]);
    const app = await openApp(loadConfig({ DATA_DIR: dataDir }));
    try {
      const shown = await app.run(me, 'deal show "Acme Corp"');
      expect(shown.ok).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('answers the stable codes on the command line', () => {
    expect(cliRestore(dataDir, archive('huge-header.tar.gz'))).toMatchObject({ status: 1, reply: { ok: false, code: 'TOO_LARGE' } });
    expect(cliRestore(dataDir, archive('newer.tar.gz'))).toMatchObject({ status: 1, reply: { ok: false, code: 'INVALID', data: { needs: '29991231000000_future' } } });
    expect(cliRestore(dataDir, archive('truncated.tar.gz'))).toMatchObject({ status: 1, reply: { ok: false, code: 'INVALID' } });
  });

  it('migrates a backup of an older version forward and keeps the replaced database as pglite.before-restore', async () => {
    const older = tmp('older');
    const app = await openApp(loadConfig({ DATA_DIR: older }));
    await app.run(me, 'deal new "Old Deal" 100');
    await app.close();
    // back to the first migration: the later ones only add tables
    const db = await openDatabase({ kind: 'pglite', dataDir: older }, { migrate: false });
    await db.sql.exec('DROP TABLE processed_delivery; DROP TABLE job_claim; DROP TABLE alert_state');
    await db.sql.query('DELETE FROM "_prisma_migrations" WHERE migration_name <> $1', [migrations[0]]);
    await db.close();
    await backupPglite(older, archive('older.tar.gz'));

    expect(await restorePglite(dataDir, archive('older.tar.gz'))).toEqual({ deals: 1, events: 1 });
    expect(JSON.parse(await snapshot(dataDir)).migrations).toEqual(migrations.map((migration_name) => ({ migration_name })));
    const restored = await openApp(loadConfig({ DATA_DIR: dataDir }));
    try {
      expect((await restored.run(me, 'deal show "Old Deal"')).ok).toBe(true);
      expect((await restored.run(me, 'deal show "Acme Corp"')).ok).toBe(false);
    } finally {
      await restored.close();
    }
    // a refused restore keeps it too
    await expect(restorePglite(dataDir, archive('truncated.tar.gz'))).rejects.toBeInstanceOf(InvalidBackupError);
    const kept = await PGlite.create(join(dataDir, 'pglite.before-restore'));
    try {
      expect((await kept.query<{ name: string }>('SELECT name FROM deal ORDER BY name')).rows.map((r) => r.name)).toEqual(['Acme Corp', 'Beta']);
    } finally {
      await kept.close();
    }
  });
});
