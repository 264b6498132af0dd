import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/adapters/db/connect.js';
import { DbClaims } from '../../src/adapters/db/claims.js';
import { InProcessScheduler } from '../../src/adapters/jobs/in-process.js';
import { once, type Job } from '../../src/core/jobs/ports.js';
import { isoWeekKey } from '../../src/core/jobs/schedule.js';
import { pgliteDb } from '../support/db.js';
import { TestClock } from '../support/app.js';

const rules = {
  digest: { kind: 'weekly', weekday: 1, hour: 9, minute: 0 },
  'alert-scan': { kind: 'daily', hour: 7, minute: 30 },
  'stale-nudge': { kind: 'daily', hour: 9, minute: 30 },
} as const;

describe('in-process scheduler with a controllable clock', () => {
  let db: Database;
  beforeAll(async () => {
    db = await pgliteDb();
  });
  afterAll(() => db.close());

  it('runs each job at its local time, across a DST change, once per period', async () => {
    const clock = new TestClock(new Date('2026-03-20T00:00:00Z')); // a Friday
    const claims = new DbClaims(db.prisma);
    const posted: string[] = [];
    const ran: Job[] = [];
    const scheduler = new InProcessScheduler(
      async (job) => {
        ran.push(job);
        if (job.kind !== 'digest') return;
        const period = isoWeekKey(new Date(job.scheduledFor), 'Europe/Berlin');
        await once(claims, `digest:${job.workspaceId}:C1:${period}`, 'test', clock.now, async () => {
          posted.push(`${period}@${job.scheduledFor}`);
        });
      },
      clock,
      { tickMs: 0 },
    );
    await scheduler.ensure('w1', 'Europe/Berlin', rules);
    await scheduler.ensure('w1', 'Europe/Berlin', rules); // repeated ensure changes nothing
    expect(scheduler.nextRuns()).toHaveLength(3);

    // Step through 16 days an hour at a time.
    for (let h = 0; h < 16 * 24; h++) {
      clock.current = new Date(clock.current.getTime() + 3_600_000);
      await scheduler.tick();
    }
    // Mondays 23 March (CET, 08:00Z) and 30 March (CEST, 07:00Z).
    expect(posted).toEqual(['2026-W13@2026-03-23T08:00:00.000Z', '2026-W14@2026-03-30T07:00:00.000Z']);
    const scans = ran.filter((j) => j.kind === 'alert-scan').map((j) => j.scheduledFor);
    expect(scans).toContain('2026-03-28T06:30:00.000Z'); // 07:30 CET
    expect(scans).toContain('2026-03-29T05:30:00.000Z'); // 07:30 CEST, the day clocks change
    expect(scans).toHaveLength(16);

    // A digest asked again for a period already posted is not posted twice.
    await scheduler.enqueue({ kind: 'digest', workspaceId: 'w1', scheduledFor: '2026-03-30T07:00:00.000Z' });
    await scheduler.close();
    expect(posted).toHaveLength(2);
  });

  it('runs a missed job once after a long pause, not once per missed period', async () => {
    const clock = new TestClock(new Date('2026-06-01T00:00:00Z'));
    const ran: Job[] = [];
    const scheduler = new InProcessScheduler(async (job) => void ran.push(job), clock, { tickMs: 0 });
    await scheduler.ensure('w2', 'UTC', rules);
    clock.advanceDays(10);
    await scheduler.tick();
    expect(ran.filter((j) => j.kind === 'alert-scan')).toHaveLength(1);
    await scheduler.close();
  });

  it('lets a second worker take over a claim only after its lease expired', async () => {
    const claims = new DbClaims(db.prisma);
    const t0 = new Date('2026-06-01T00:00:00Z');
    expect(await claims.claim('k1', 'a', t0, 60_000)).toBe('claimed');
    expect(await claims.claim('k1', 'b', new Date(t0.getTime() + 30_000), 60_000)).toBe('busy');
    expect(await claims.claim('k1', 'b', new Date(t0.getTime() + 61_000), 60_000)).toBe('claimed');
    await claims.complete('k1', new Date(t0.getTime() + 62_000));
    expect(await claims.claim('k1', 'c', new Date(t0.getTime() + 3_600_000), 60_000)).toBe('done');
  });
});
