// `stagecoach backup|restore <file>`: the whole embedded database (every workspace).
import { DirectoryLockedError } from './adapters/db/pglite-lock.js';
import type { Config } from './config.js';
import { fail, ok, type Reply } from './core/reply.js';

export async function backupOrRestore(sub: 'backup' | 'restore', config: Config, file: string): Promise<Reply> {
  if (config.databaseUrl) {
    return fail('INVALID', 'backup and restore are for the embedded database; for PostgreSQL use pg_dump and pg_restore.');
  }
  const { backupPglite, restorePglite, InvalidBackupError, BackupTooLargeError } = await import('./adapters/backup/pglite-backup.js');
  try {
    if (sub === 'backup') {
      const r = await backupPglite(config.dataDir, file);
      return ok(`Backed up ${config.dataDir} to ${r.file} (${r.bytes} bytes).`, { file: r.file, bytes: r.bytes });
    }
    const r = await restorePglite(config.dataDir, file);
    return ok(`Restored ${file}: ${r.deals} deals, ${r.events} stage events.`, r);
  } catch (err) {
    if (err instanceof DirectoryLockedError) return fail('LOCKED', `${err.message} Stop it first.`, { pid: err.holderPid });
    if (err instanceof InvalidBackupError) return fail('INVALID', err.message, err.needs ? { needs: err.needs } : undefined);
    if (err instanceof BackupTooLargeError) return fail('TOO_LARGE', err.message, { maxBytes: err.maxBytes });
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return fail('INVALID', `No such file: ${file}`);
    throw err;
  }
}
