// Backup and restore of the embedded database. Both take the data directory's lock,
// so they refuse with LOCKED while the bot runs instead of copying a live database.
// A restore never loses the data it replaces: the backup is unpacked, checked and
// migrated in a directory of its own, and only then swapped in by rename.
import { PGlite } from '@electric-sql/pglite';
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrate, readMigrations } from '../db/migrate.js';
import { lockDirectory } from '../db/pglite-lock.js';
import { pgliteConnection } from '../db/sql.js';
import { BackupTooLargeError, extractBackup, InvalidBackupError } from './extract.js';

export { BackupTooLargeError, InvalidBackupError };

/** Largest size a backup may expand to on restore (PGlite's own dump is built in memory, so real ones are far smaller). */
export const RESTORE_MAX_BYTES = 2 * 1024 ** 3;

const STAGING_PREFIX = 'pglite.restoring-';

export interface BackupResult {
  file: string;
  bytes: number;
}

export async function backupPglite(dataDir: string, file: string): Promise<BackupResult> {
  const lock = lockDirectory(dataDir);
  try {
    const db = await PGlite.create(join(dataDir, 'pglite'));
    try {
      const dump = await db.dumpDataDir('gzip');
      const bytes = Buffer.from(await dump.arrayBuffer());
      // Write beside the target and rename: a crash never leaves half a backup under the name.
      writeFileSync(`${file}.partial`, bytes);
      renameSync(`${file}.partial`, file);
      return { file, bytes: bytes.length };
    } finally {
      await db.close();
    }
  } finally {
    lock.release();
  }
}

export type RestoreCounts = {
  deals: number;
  events: number;
};

/**
 * The backup's migrations must be this version's first ones: a database without them is
 * not Stagecoach's, and one with more comes from a newer Stagecoach.
 */
function checkMigrationLevel(applied: ReadonlySet<string>, known: readonly string[], file: string): void {
  const unknown = [...applied].filter((name) => !known.includes(name)).sort();
  if (unknown[0] !== undefined) {
    throw new InvalidBackupError(`${file} comes from a newer Stagecoach: it needs migration ${unknown[0]}. Upgrade Stagecoach, then restore.`, unknown[0]);
  }
  if (!known.slice(0, applied.size).every((name) => applied.has(name))) {
    throw new InvalidBackupError(`${file} is not a Stagecoach backup: its migrations skip some of this version's.`);
  }
}

async function appliedMigrations(db: PGlite, file: string): Promise<Set<string>> {
  try {
    const rows = await db.query<{ migration_name: string }>(
      'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    return new Set(rows.rows.map((r) => r.migration_name));
  } catch (err) {
    throw new InvalidBackupError(`${file} is not a Stagecoach backup: ${(err as Error).message}`);
  }
}

/** Opens the unpacked backup, checks it, migrates it to this version and counts what it holds. */
async function prepare(dir: string, file: string): Promise<RestoreCounts> {
  if (!existsSync(join(dir, 'PG_VERSION'))) throw new InvalidBackupError(`${file} is not a Stagecoach backup: it holds no database.`);
  let db: PGlite;
  try {
    db = await PGlite.create(dir);
  } catch (err) {
    throw new InvalidBackupError(`${file} is not a Stagecoach backup: ${(err as Error).message}`);
  }
  try {
    const migrations = readMigrations();
    checkMigrationLevel(await appliedMigrations(db, file), migrations.map((m) => m.name), file);
    try {
      await migrate(pgliteConnection(db), migrations);
      const [deals, events] = await Promise.all([
        db.query<{ n: number }>('SELECT count(*)::int AS n FROM deal'),
        db.query<{ n: number }>('SELECT count(*)::int AS n FROM stage_event'),
      ]);
      return { deals: deals.rows[0]?.n ?? 0, events: events.rows[0]?.n ?? 0 };
    } catch (err) {
      throw new InvalidBackupError(`${file} cannot be brought up to this version: ${(err as Error).message}`);
    }
  } finally {
    await db.close();
  }
}

/** Staging directories a crashed restore left behind (the lock is held: none is in use). */
function removeLeftovers(dataDir: string): void {
  for (const name of readdirSync(dataDir)) {
    if (name.startsWith(STAGING_PREFIX)) rmSync(join(dataDir, name), { recursive: true, force: true });
  }
}

/**
 * Replaces the database with the backup. Nothing is replaced until the backup has been
 * unpacked (at most `maxBytes`), recognised and migrated beside it; the previous directory
 * is then kept as pglite.before-restore until the next successful restore.
 */
export async function restorePglite(dataDir: string, file: string, options: { maxBytes?: number } = {}): Promise<RestoreCounts> {
  const lock = lockDirectory(dataDir);
  try {
    removeLeftovers(dataDir);
    // Inside DATA_DIR: on the same filesystem as the database, so the renames are atomic.
    const staging = mkdtempSync(join(dataDir, STAGING_PREFIX));
    let counts: RestoreCounts;
    try {
      await extractBackup(file, staging, options.maxBytes ?? RESTORE_MAX_BYTES);
      counts = await prepare(staging, file);
    } catch (err) {
      rmSync(staging, { recursive: true, force: true });
      throw err;
    }
    const target = join(dataDir, 'pglite');
    const previous = join(dataDir, 'pglite.before-restore');
    rmSync(previous, { recursive: true, force: true });
    if (existsSync(target)) renameSync(target, previous);
    renameSync(staging, target);
    return counts;
  } finally {
    lock.release();
  }
}
