// DingTalk roles and limits: organisation admins (the message's isAdmin) are admins and
// members with DINGTALK_MANAGER_ROLE managers for each request only; a slow role
// look-up falls back to the stored role after 2 s; 429s are retried, boundedly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/db.js';
import { robotMessage } from '../support/fake-dingtalk.js';
import { startDingTalk, type DingTalkHarness } from './harness.js';

const MANAGER = 'staff-manager';
const REP = 'staff-rep';
const FORBIDDEN_TITLE = '没有权限';

describe.each(backends)('DingTalk roles and rate limits on $name', (backend) => {
  let h: DingTalkHarness;

  /** Sends a one-to-one message and returns the markdown answered (robot API: no webhook). */
  async function dm(staffId: string, text: string, extra: { isAdmin?: boolean } = {}) {
    const before = h.fake.robotSends.length;
    await h.fake.pushRobotMessage(robotMessage(h.fake, { staffId, direct: true, text, webhook: null, ...extra }));
    return (await h.fake.waitFor(() => h.fake.robotSends[before], 15_000)).msgParam as { title: string; text: string };
  }

  beforeAll(async () => {
    h = await startDingTalk({ db: await backend.open(), config: { managerRole: '销售经理' }, roleCacheMs: 0 });
    h.fake.roles.set(MANAGER, ['销售经理']);
    h.fake.roles.set(REP, ['销售']);
    // The first command creates the workspace (seconds of PGlite work on this thread).
    await dm(REP, 'help');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('lets an organisation admin act as admin, stored as rep, and not once the flag is gone', async () => {
    expect((await dm('staff-admin', `role set ${REP} rep`, { isAdmin: true })).title).toContain(REP);
    expect((await h.app.store.getMember('dingtalk:dingcorp-a', 'staff-admin'))?.role).toBe('rep');
    expect((await dm('staff-admin', `role set ${REP} rep`, { isAdmin: false })).title).toBe(FORBIDDEN_TITLE);
  });

  it('lets a member with the manager role act as manager, and refuses a rep', async () => {
    expect((await dm(MANAGER, 'digest subscribe')).title).toBe('本频道将在每周一 09:00（UTC）收到每周简报。');
    expect((await dm(REP, 'digest unsubscribe')).title).toBe(FORBIDDEN_TITLE);
  });

  it('falls back to the stored role when the role look-up takes over 2 s', async () => {
    h.fake.rolesDelayMs = 4000;
    try {
      const started = Date.now();
      expect((await dm(MANAGER, 'digest unsubscribe')).title).toBe(FORBIDDEN_TITLE);
      expect(Date.now() - started).toBeLessThan(3800);
    } finally {
      h.fake.rolesDelayMs = 0;
    }
  });

  it('waits out 429 answers of the robot API and delivers the reply', async () => {
    h.fake.rateLimitNext('/v1.0/robot/oToMessages/batchSend', 2, 0.2);
    const before = h.fake.limited.length;
    await dm(REP, 'deal list all');
    expect(h.fake.limited.length - before).toBe(2);
  });

  it('gives up after a bounded number of 429s, and keeps working', async () => {
    h.fake.rateLimitNext('/v1.0/robot/oToMessages/batchSend', 100, 0);
    const before = h.fake.robotSends.length;
    await h.fake.pushRobotMessage(robotMessage(h.fake, { staffId: REP, direct: true, text: 'deal new 京东 5万', webhook: null }));
    await h.door.idle();
    expect(h.fake.robotSends.length).toBe(before);
    expect(h.fake.limited.filter((p) => p === '/v1.0/robot/oToMessages/batchSend').length).toBeGreaterThanOrEqual(8);
    h.fake.rateLimitNext('/v1.0/robot/oToMessages/batchSend', 0, 0);
    expect((await h.app.store.findDeal('dingtalk:dingcorp-a', '京东'))?.name).toBe('京东');
    expect((await dm(REP, 'deal show 京东')).title).not.toBe(FORBIDDEN_TITLE);
  });
});
