// A database outage: commands answer UNAVAILABLE (nothing half-written) and recover by
// themselves when the database returns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App, type Identity } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/adapters/db/connect.js';
import { postgresDb, TEST_DATABASE_URL } from '../support/db.js';
import { startProxy, type Proxy } from '../support/tcp-proxy.js';

const me: Identity = { workspaceId: 'w1', workspaceName: 'w1', userId: 'alice', role: 'admin' };

describe.skipIf(!TEST_DATABASE_URL)('PostgreSQL outage (needs TEST_DATABASE_URL)', () => {
  let fresh: Awaited<ReturnType<typeof postgresDb>>;
  let proxy: Proxy;
  let app: App;

  beforeAll(async () => {
    fresh = await postgresDb();
    const target = new URL(fresh.url);
    proxy = await startProxy(Number(target.port || 5432), target.hostname);
    target.port = String(proxy.port);
    app = await openApp(loadConfig({}), { db: await openDatabase({ kind: 'postgres', url: target.toString(), poolSize: 2 }) });
  });
  afterAll(async () => {
    await app.close();
    await proxy.close();
    await fresh.close();
  });

  it('answers UNAVAILABLE while the database is away and recovers when it returns', async () => {
    expect((await app.run(me, 'deal new Steady 100')).ok).toBe(true);
    await proxy.down();
    const during = await app.run(me, 'deal set Steady amount=200');
    expect(during.code).toBe('UNAVAILABLE');
    expect(during.text).not.toMatch(/ECONNREFUSED|stack|at /);
    await proxy.up();
    // The pool reconnects on the next command: no restart needed.
    let after = await app.run(me, 'deal show Steady');
    for (let i = 0; i < 10 && !after.ok; i++) {
      await new Promise((r) => setTimeout(r, 500));
      after = await app.run(me, 'deal show Steady');
    }
    expect(after.ok).toBe(true);
    expect((after.data?.deal as { amount: number }).amount).toBe(100);
    expect((await app.run(me, 'deal set Steady amount=300')).ok).toBe(true);
  });
});
