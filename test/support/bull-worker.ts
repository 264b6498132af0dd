// A BullMQ worker process for the kill and SIGTERM tests: it claims the job's effect
// in PostgreSQL, then "posts" (appends to a file) after POST_DELAY_MS.
import { appendFileSync } from 'node:fs';
import { openDatabase } from '../../src/adapters/db/connect.js';
import { DbClaims } from '../../src/adapters/db/claims.js';
import { startWorker } from '../../src/adapters/jobs/bullmq.js';
import { redisConnection } from '../../src/adapters/jobs/redis.js';
import { once } from '../../src/core/jobs/ports.js';

const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
};

const db = await openDatabase({ kind: 'postgres', url: env('DB_URL'), poolSize: 2 }, { migrate: false });
const claims = new DbClaims(db.prisma);
const owner = `pid-${process.pid}`;
const worker = startWorker(
  redisConnection(env('REDIS_URL')),
  async (job) => {
    await once(claims, `test:${job.workspaceId}:${job.scheduledFor}`, owner, () => new Date(), async () => {
      appendFileSync(env('STARTED_FILE'), `${owner}\n`);
      await new Promise((r) => setTimeout(r, Number(env('POST_DELAY_MS'))));
      appendFileSync(env('POSTED_FILE'), `${owner}:${job.workspaceId}\n`);
    }, Number(env('LEASE_MS')));
  },
  { queueName: env('QUEUE'), lockDurationMs: 2_000, stalledIntervalMs: 1_000, concurrency: 1 },
);
process.once('SIGTERM', () => {
  // worker.close() waits for the job in flight to finish.
  void worker.close().then(() => db.close()).then(() => process.exit(0));
});
process.stdout.write('ready\n');
