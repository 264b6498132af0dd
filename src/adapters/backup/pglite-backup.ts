// Backup and restore of the embedded database. Both take the data directory's lock,
// so they refuse with LOCKED while the bot runs instead of copying a live database.
import { PGlite } from '@electric-sql/pglite';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lockDirectory } from '../db/pglite-lock.js';

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

export class InvalidBackupError extends Error {}

/**
 * Replaces the data directory with the backup. The backup is opened and checked first;
 * the previous directory is kept as pglite.before-restore until the new one is in place.
 */
export async function restorePglite(dataDir: string, file: string): Promise<{ deals: number; events: number }> {
  const lock = lockDirectory(dataDir);
  try {
    const archive = new Blob([readFileSync(file)]);
    const target = join(dataDir, 'pglite');
    const staging = join(dataDir, 'pglite.restoring');
    const previous = join(dataDir, 'pglite.before-restore');
    rmSync(staging, { recursive: true, force: true });
    let counts: { deals: number; events: number };
    try {
      const db = await PGlite.create(staging, { loadDataDir: archive });
      try {
        const [deals, events] = await Promise.all([
          db.query<{ n: number }>('SELECT count(*)::int AS n FROM deal'),
          db.query<{ n: number }>('SELECT count(*)::int AS n FROM stage_event'),
        ]);
        counts = { deals: deals.rows[0]?.n ?? 0, events: events.rows[0]?.n ?? 0 };
      } finally {
        await db.close();
      }
    } catch (err) {
      rmSync(staging, { recursive: true, force: true });
      throw new InvalidBackupError(`${file} is not a Stagecoach backup: ${(err as Error).message}`);
    }
    rmSync(previous, { recursive: true, force: true });
    if (existsSync(target)) renameSync(target, previous);
    renameSync(staging, target);
    rmSync(previous, { recursive: true, force: true });
    return counts;
  } finally {
    lock.release();
  }
}
