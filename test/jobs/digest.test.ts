// The jobs end to end on a real PGlite and a fake Slack Web API on 127.0.0.1: the
// digest and nudges are posted exactly once however often a job is delivered.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/adapters/log.js';
import { postersFor } from '../../src/adapters/notify/index.js';
import { openApp, type App, type Identity } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { startJobs, type JobsRuntime } from '../../src/jobs.js';
import { ClaimBusyError } from '../../src/core/jobs/ports.js';
import { pgliteDb } from '../support/db.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { TestClock } from '../support/app.js';

describe('digest, nudges and digest now', () => {
  let slack: FakeSlack;
  let app: App;
  let jobs: JobsRuntime;
  const clock = new TestClock(new Date('2026-03-02T09:00:00Z'));
  const dataDir = mkdtempSync(join(tmpdir(), 'stagecoach-jobs-'));
  const manager: Identity = {
    workspaceId: 'slack:T1',
    workspaceName: 'Acme Sales',
    userId: 'U_MGR',
    role: 'manager',
    channel: { adapter: 'slack', channel: 'C_SALES' },
  };
  const rep: Identity = { ...manager, userId: 'U_REP', role: 'rep' };

  beforeAll(async () => {
    slack = await startFakeSlack();
    const config = loadConfig({ DATA_DIR: dataDir, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 's3cret', SLACK_API_URL: slack.apiUrl });
    app = await openApp(config, { db: await pgliteDb(), clock });
    jobs = await startJobs(app, config, { posters: postersFor(config), logger: createLogger('silent'), tickMs: 0 });
    for (const [i, name] of ['Alpha', 'Beta', 'Gamma'].entries()) {
      await app.run(rep, `deal new ${name} ${(i + 1) * 1000} industry=retail source=referral`);
      await app.run(rep, `deal contact ${name} "Buyer ${i}" role=decision_maker`);
      await app.run(rep, `deal move ${name} opportunity`);
    }
    expect((await app.run(manager, 'deal won Alpha --override "signed early"')).ok).toBe(true);
  });
  afterAll(async () => {
    await jobs.close();
    await app.close();
    await slack.close();
  });

  it('lets managers subscribe the channel a command came from', async () => {
    expect((await app.run(rep, 'digest subscribe')).code).toBe('FORBIDDEN');
    const r = await app.run(manager, 'digest subscribe');
    expect(r.ok).toBe(true);
    expect(r.data?.channels).toEqual([{ adapter: 'slack', channel: 'C_SALES' }]);
    expect((await app.run(manager, 'digest status')).data?.channels).toHaveLength(1);
  });

  it('posts the weekly digest with its chart once per channel and week, however often the job runs', async () => {
    clock.advanceDays(7);
    const job = { kind: 'digest' as const, workspaceId: 'slack:T1', scheduledFor: clock.now().toISOString() };
    const racing = await Promise.allSettled([jobs.handler(job), jobs.handler(job)]);
    // A delivery that meets a live claim asks the queue to retry; the retry finds it done.
    for (const r of racing) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ClaimBusyError);
    await jobs.handler(job);
    await jobs.handler({ ...job, scheduledFor: new Date(clock.now().getTime() + 3_600_000).toISOString() });
    const posts = slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C_SALES');
    expect(posts).toHaveLength(1);
    expect(String(posts[0]?.args.text)).toContain('Qualified win rate');
    expect(slack.uploads).toHaveLength(1);
    expect(slack.uploads[0]?.bytes.subarray(1, 4).toString()).toBe('PNG');
    // Next week is a new period.
    clock.advanceDays(7);
    await jobs.handler({ ...job, scheduledFor: clock.now().toISOString() });
    expect(slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C_SALES')).toHaveLength(2);
  });

  it('nudges the owner of a stale deal once per stage stay', async () => {
    clock.advanceDays(40);
    const job = { kind: 'stale-nudge' as const, workspaceId: 'slack:T1', scheduledFor: clock.now().toISOString() };
    await jobs.handler(job);
    await jobs.handler(job);
    const dms = slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U_REP');
    expect(dms.map((c) => String(c.args.text).split('"')[1]).sort()).toEqual(['Beta', 'Gamma']);
    // A move starts a new stay: once it is stale again, its owner hears again.
    await app.run(rep, 'deal move Beta lead');
    clock.advanceDays(40);
    await jobs.handler({ ...job, scheduledFor: clock.now().toISOString() });
    const again = slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U_REP');
    expect(again.filter((c) => String(c.args.text).includes('"Beta"'))).toHaveLength(2);
    expect(again.filter((c) => String(c.args.text).includes('"Gamma"'))).toHaveLength(1);
  });

  it('builds the digest on demand in the terminal, with the chart saved as a PNG', async () => {
    const local: Identity = { workspaceId: 'local', workspaceName: 'Local', userId: 'local', role: 'admin' };
    await app.run(local, 'deal new Solo 500');
    const r = await app.run(local, 'digest now');
    expect(r.ok).toBe(true);
    const path = r.data?.chart as string;
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path).subarray(1, 4).toString()).toBe('PNG');
    expect(r.text).toContain(path);
  });

  it('runs the conversion-drop scan and keeps quiet below the minimum sample', async () => {
    await jobs.handler({ kind: 'alert-scan', workspaceId: 'slack:T1', scheduledFor: clock.now().toISOString() });
    const alerts = slack.callsTo('chat.postMessage').filter((c) => String(c.args.text).includes('⚠'));
    expect(alerts).toHaveLength(0);
  });
});
