// A Redis outage (through a cuttable proxy to the real Redis): commands keep working,
// and a job enqueued while Redis is away is worked once Redis is back.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/adapters/log.js';
import { openApp, type App, type Identity } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { BullScheduler, startWorker } from '../../src/adapters/jobs/bullmq.js';
import { redisConnection } from '../../src/adapters/jobs/redis.js';
import type { Job } from '../../src/core/jobs/ports.js';
import { pgliteDb } from '../support/db.js';
import { startProxy, type Proxy } from '../support/tcp-proxy.js';

const redis = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
const me: Identity = { workspaceId: 'w1', workspaceName: 'w1', userId: 'alice', role: 'admin' };

describe('Redis outage', { timeout: 120_000 }, () => {
  let proxy: Proxy;
  let app: App;
  beforeAll(async () => {
    proxy = await startProxy(Number(redis.port || 6379), redis.hostname);
    app = await openApp(loadConfig({}), { db: await pgliteDb() });
  });
  afterAll(async () => {
    await app.close();
    await proxy.close();
  });

  it('keeps commands working and works the jobs once Redis is back', async () => {
    const url = `redis://127.0.0.1:${proxy.port}`;
    const queueName = `sc-test-${randomBytes(4).toString('hex')}`;
    const errors: unknown[] = [];
    const scheduler = new BullScheduler(redisConnection(url), queueName, (err) => errors.push(err));
    const worked: Job[] = [];
    const worker = startWorker(redisConnection(url), async (job) => void worked.push(job), { queueName, onError: (err) => errors.push(err) });
    await scheduler.enqueue({ kind: 'digest', workspaceId: 'before', scheduledFor: '2026-11-23T09:00:00.000Z' });
    await expect.poll(() => worked.length, { timeout: 20_000 }).toBe(1);

    await proxy.down();
    // Commands do not touch Redis: they answer as usual.
    expect((await app.run(me, 'deal new Calm 100')).ok).toBe(true);
    const pending = scheduler.enqueue({ kind: 'digest', workspaceId: 'during', scheduledFor: '2026-11-23T09:00:00.000Z' });
    await new Promise((r) => setTimeout(r, 2_000));
    expect(worked.map((j) => j.workspaceId)).toEqual(['before']);
    expect((await app.run(me, 'deal show Calm')).ok).toBe(true);

    await proxy.up();
    await pending;
    await expect.poll(() => worked.map((j) => j.workspaceId), { timeout: 60_000, interval: 250 }).toEqual(['before', 'during']);
    expect(errors.length).toBeGreaterThan(0); // the outage was seen, and survived
    await worker.close();
    await scheduler.queue.obliterate({ force: true });
    await scheduler.close();
  });
});
