// The directories of the embedded database inside DATA_DIR, and how a restore swaps
// them (src/adapters/backup/pglite-backup.ts): the checked and migrated backup is
// renamed to pglite.restored, then pglite → pglite.before-restore, then
// pglite.restored → pglite. A crash between the last two renames leaves no pglite.
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';

export const PGLITE_DIR = 'pglite';
/** A restore's backup once unpacked, recognised and migrated: ready to be swapped in. */
export const RESTORED_DIR = 'pglite.restored';
/** The database a restore replaced, kept until the next successful restore. */
export const BEFORE_RESTORE_DIR = 'pglite.before-restore';

export type Recovery = 'finished-restore' | 'kept-previous' | undefined;

/**
 * Called with the directory's lock held, before opening: a missing database after an
 * interrupted restore is put back instead of being created empty. A restore that got
 * as far as pglite.restored had checked the backup, so it is completed; otherwise the
 * database it had moved aside returns.
 */
export function recoverInterruptedRestore(dataDir: string): Recovery {
  const target = join(dataDir, PGLITE_DIR);
  if (existsSync(target)) return undefined;
  if (existsSync(join(dataDir, RESTORED_DIR))) {
    renameSync(join(dataDir, RESTORED_DIR), target);
    return 'finished-restore';
  }
  if (existsSync(join(dataDir, BEFORE_RESTORE_DIR))) {
    renameSync(join(dataDir, BEFORE_RESTORE_DIR), target);
    return 'kept-previous';
  }
  return undefined;
}
