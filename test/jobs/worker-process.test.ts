// Real worker processes on real Redis and PostgreSQL: a worker killed mid-job leaves
// the job to another worker, which posts it exactly once; SIGTERM lets a job finish.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BullScheduler } from '../../src/adapters/jobs/bullmq.js';
import { redisConnection } from '../../src/adapters/jobs/redis.js';
import { postgresDb, TEST_DATABASE_URL } from '../support/db.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const WORKER = join(import.meta.dirname, '../support/bull-worker.ts');
const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : []);

describe.skipIf(!TEST_DATABASE_URL)('BullMQ worker processes (needs TEST_DATABASE_URL)', { timeout: 180_000 }, () => {
  let db: Awaited<ReturnType<typeof postgresDb>>;
  const dir = mkdtempSync(join(tmpdir(), 'stagecoach-workers-'));
  const queueName = `sc-test-${randomBytes(4).toString('hex')}`;
  const producer = new BullScheduler(redisConnection(REDIS_URL), queueName);

  beforeAll(async () => {
    db = await postgresDb();
  });
  afterAll(async () => {
    await producer.queue.obliterate({ force: true });
    await producer.close();
    await db.close();
  });

  function worker(name: string, postDelayMs: number): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
      env: {
        ...process.env,
        DB_URL: db.url,
        REDIS_URL,
        QUEUE: queueName,
        STARTED_FILE: join(dir, `${name}.started`),
        POSTED_FILE: join(dir, 'posted'),
        POST_DELAY_MS: String(postDelayMs),
        LEASE_MS: '3000',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return new Promise((resolve, reject) => {
      child.stdout?.on('data', (b) => String(b).includes('ready') && resolve(child));
      child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
    });
  }

  it('retries a job whose worker was killed mid-job and posts it once', async () => {
    const first = await worker('first', 120_000);
    await producer.enqueue({ kind: 'digest', workspaceId: 'killed', scheduledFor: '2026-11-23T09:00:00.000Z' });
    await expect.poll(() => lines(join(dir, 'first.started')).length, { timeout: 30_000 }).toBe(1);
    first.kill('SIGKILL');
    const second = await worker('second', 50);
    await expect.poll(() => lines(join(dir, 'posted')).filter((l) => l.endsWith(':killed')).length, { timeout: 60_000, interval: 500 }).toBe(1);
    // Nothing else is posted later either.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(lines(join(dir, 'posted')).filter((l) => l.endsWith(':killed'))).toEqual([`pid-${second.pid}:killed`]);
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));
  });

  it('finishes the job in flight on SIGTERM and exits 0', async () => {
    const w = await worker('graceful', 3_000);
    await producer.enqueue({ kind: 'digest', workspaceId: 'graceful', scheduledFor: '2026-11-23T09:00:00.000Z' });
    await expect.poll(() => lines(join(dir, 'graceful.started')).length, { timeout: 30_000 }).toBe(1);
    const exited = new Promise<number | null>((resolve) => w.once('exit', (code) => resolve(code)));
    w.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(lines(join(dir, 'posted')).filter((l) => l.endsWith(':graceful'))).toHaveLength(1);
  });
});
