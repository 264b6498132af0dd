// BullMQ against the real Redis (TEST_REDIS_URL, default redis://127.0.0.1:6379), with a
// fresh queue name per test as BullMQ's own tests do.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worker } from 'bullmq';
import type { Database } from '../../src/adapters/db/connect.js';
import { DbClaims } from '../../src/adapters/db/claims.js';
import { BullScheduler, startWorker } from '../../src/adapters/jobs/bullmq.js';
import { redisConnection } from '../../src/adapters/jobs/redis.js';
import { DEFAULT_RULES, once, type Job } from '../../src/core/jobs/ports.js';
import { isoWeekKey } from '../../src/core/jobs/schedule.js';
import { pgliteDb } from '../support/db.js';

const connection = redisConnection(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');

describe('BullMQ scheduler and workers on real Redis', () => {
  let db: Database;
  beforeAll(async () => {
    db = await pgliteDb();
  });
  afterAll(() => db.close());

  it('keeps one scheduler per workspace and kind however many processes upsert', async () => {
    const queueName = `sc-test-${randomBytes(4).toString('hex')}`;
    const schedulers = [0, 1, 2].map(() => new BullScheduler(connection, queueName));
    await Promise.all(schedulers.flatMap((s) => [s.ensure('w1', 'Asia/Shanghai', DEFAULT_RULES), s.ensure('w1', 'Asia/Shanghai', DEFAULT_RULES)]));
    await schedulers[0]!.ensure('w2', 'UTC', DEFAULT_RULES);
    const list = await schedulers[0]!.queue.getJobSchedulers();
    expect(list.map((s) => s.key).sort()).toEqual(
      ['alert-scan:w1', 'alert-scan:w2', 'digest:w1', 'digest:w2', 'stale-nudge:w1', 'stale-nudge:w2'].sort(),
    );
    const digest = list.find((s) => s.key === 'digest:w1');
    expect(digest).toMatchObject({ pattern: '0 9 * * 1', tz: 'Asia/Shanghai' });
    await schedulers[0]!.queue.obliterate({ force: true });
    await Promise.all(schedulers.map((s) => s.close()));
  });

  it('posts one digest per workspace and period when three workers race over repeated deliveries', async () => {
    const queueName = `sc-test-${randomBytes(4).toString('hex')}`;
    const claims = new DbClaims(db.prisma);
    const posted: string[] = [];
    const handler = (owner: string) => async (job: Job) => {
      const period = isoWeekKey(new Date(job.scheduledFor), 'UTC');
      await once(claims, `digest:${job.workspaceId}:C1:${period}:${queueName}`, owner, () => new Date(), async () => {
        await new Promise((r) => setTimeout(r, 20));
        posted.push(`${job.workspaceId}:${period}`);
      });
    };
    const workers: Worker[] = [0, 1, 2].map((i) => startWorker(connection, handler(`w${i}`), { queueName, concurrency: 3 }));
    const producers = [0, 1, 2].map(() => new BullScheduler(connection, queueName));
    const jobs: Job[] = [];
    for (const ws of ['a', 'b']) {
      // Same period (2026-W48) delivered many times: a retry storm or many schedulers.
      for (const at of ['2026-11-23T09:00:00.000Z', '2026-11-23T09:00:05.000Z', '2026-11-25T10:00:00.000Z']) {
        jobs.push({ kind: 'digest', workspaceId: ws, scheduledFor: at });
      }
    }
    await Promise.all(producers.flatMap((p) => jobs.map((j) => p.enqueue(j))));
    // Deliveries that met a live claim are retried; wait until every job has settled.
    const queue = producers[0]!.queue;
    await expect
      .poll(async () => (await queue.getJobCounts('completed')).completed, { timeout: 60_000, interval: 250 })
      .toBe(jobs.length * producers.length);
    expect(posted.sort()).toEqual(['a:2026-W48', 'b:2026-W48']);
    await Promise.all(workers.map((w) => w.close()));
    await producers[0]!.queue.obliterate({ force: true });
    await Promise.all(producers.map((p) => p.close()));
  });
});
