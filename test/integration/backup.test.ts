// Embedded backups: a restore brings back every deal and event exactly; both refuse
// while another process holds the data directory.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupPglite, InvalidBackupError, restorePglite } from '../../src/adapters/backup/pglite-backup.js';
import { openDatabase } from '../../src/adapters/db/connect.js';
import { DirectoryLockedError } from '../../src/adapters/db/pglite-lock.js';
import { openApp, type Identity } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';

const me: Identity = { workspaceId: 'local', workspaceName: 'Local', userId: 'local', role: 'admin' };

async function snapshot(dataDir: string) {
  const db = await openDatabase({ kind: 'pglite', dataDir });
  try {
    const deals = await db.sql.query('SELECT * FROM deal ORDER BY name');
    const contacts = await db.sql.query('SELECT deal_id, name, title, role, created_at FROM contact ORDER BY deal_id, name');
    const events = await db.sql.query('SELECT * FROM stage_event ORDER BY id');
    return JSON.stringify({ deals, contacts, events });
  } finally {
    await db.close();
  }
}

describe('embedded backup and restore', { timeout: 300_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'stagecoach-backup-'));
  const file = join(mkdtempSync(join(tmpdir(), 'stagecoach-backup-file-')), 'backup.tar.gz');

  it('restores every deal, contact and event as it was at backup time', async () => {
    const app = await openApp(loadConfig({ DATA_DIR: dataDir }));
    await app.run(me, 'deal new "Acme Corp" 50000 industry=software source=referral');
    await app.run(me, 'deal contact "Acme Corp" "Wang Wei" role=decision_maker');
    await app.run(me, 'deal move "Acme Corp" opportunity');
    await app.run(me, 'deal new 阿里巴巴 5000');
    await app.close();
    const before = await snapshot(dataDir);

    const result = await backupPglite(dataDir, file);
    expect(result.bytes).toBeGreaterThan(1000);

    const later = await openApp(loadConfig({ DATA_DIR: dataDir }));
    await later.run(me, 'deal new Later 1');
    await later.run(me, 'deal move "Acme Corp" lead');
    await later.close();
    expect(await snapshot(dataDir)).not.toBe(before);

    expect(await restorePglite(dataDir, file)).toEqual({ deals: 2, events: 3 });
    expect(await snapshot(dataDir)).toBe(before);
  });

  it('refuses while the bot holds the directory, and rejects a file that is not a backup', async () => {
    const running = await openDatabase({ kind: 'pglite', dataDir });
    await expect(backupPglite(dataDir, file)).rejects.toBeInstanceOf(DirectoryLockedError);
    await expect(restorePglite(dataDir, file)).rejects.toBeInstanceOf(DirectoryLockedError);
    await running.close();
    const junk = join(tmpdir(), `junk-${process.pid}.tar.gz`);
    writeFileSync(junk, 'not a tarball');
    const before = await snapshot(dataDir);
    await expect(restorePglite(dataDir, junk)).rejects.toBeInstanceOf(InvalidBackupError);
    expect(await snapshot(dataDir)).toBe(before);
  });
});
