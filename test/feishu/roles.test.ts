// Feishu roles and limits: the app's administrators are admins and the manager chat's
// members managers for each request only; a slow directory falls back to the stored
// role after 2 s; rate-limited Open API answers are retried, boundedly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/db.js';
import { messageEvent } from '../support/fake-feishu.js';
import { startFeishu, type FeishuHarness } from './harness.js';

const ADMIN = 'ou_admin';
const MANAGER = 'ou_manager';
const REP = 'ou_rep';

describe.each(backends)('Feishu roles and rate limits on $name', (backend) => {
  let h: FeishuHarness;

  /** Sends a direct message as `openId` and returns the card answered. */
  async function dm(openId: string, text: string) {
    const before = h.fake.messages.length;
    await h.fake.sendEvent(messageEvent({ openId, chatType: 'p2p', text }));
    return (await h.fake.waitFor(() => h.fake.messages[before], 15_000)).content;
  }

  beforeAll(async () => {
    h = await startFeishu({ db: await backend.open(), config: { managerChat: 'oc_managers' }, roleCacheMs: 0 });
    h.fake.admins.add(ADMIN);
    h.fake.managerChats.set('oc_managers', [MANAGER]);
    // The first command creates the workspace: on PGlite that computes on this thread for
    // seconds, when the fake (same process) could not answer the 2 s look-up either.
    await dm(REP, 'help');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('lets an app administrator act as admin, stored as rep', async () => {
    const card = await dm(ADMIN, `role set ${REP} rep`);
    expect(card.header.template).toBe('blue');
    expect(card.header.title.content).toContain(REP);
    expect((await h.app.store.getMember('feishu:tenant-a', ADMIN))?.role).toBe('rep');
  });

  it('lets a member of the manager chat act as manager, and refuses a rep', async () => {
    expect((await dm(MANAGER, 'digest subscribe')).header.title.content).toBe('本频道将在每周一 09:00（UTC）收到每周简报。');
    const refused = await dm(REP, 'digest unsubscribe');
    expect(refused.header.title.content).toBe('没有权限');
  });

  it('takes admin rights away once the platform does', async () => {
    h.fake.admins.delete(ADMIN);
    const card = await dm(ADMIN, `role set ${REP} rep`);
    expect(card.header.title.content).toBe('没有权限');
    h.fake.admins.add(ADMIN);
  });

  it('falls back to the stored role when the administrator list takes over 2 s', async () => {
    h.fake.adminDelayMs = 4000;
    try {
      const started = Date.now();
      const card = await dm(ADMIN, `role set ${REP} rep`);
      expect(Date.now() - started).toBeLessThan(3800);
      expect(card.header.title.content).toBe('没有权限');
    } finally {
      h.fake.adminDelayMs = 0;
    }
  });

  it('waits out 429 answers and delivers the reply', async () => {
    h.fake.rateLimitNext('/open-apis/im/v1/messages', 2, 0.2);
    const before = h.fake.limited.length;
    await dm(REP, 'deal list all');
    expect(h.fake.limited.length - before).toBe(2);
  });

  it('gives up after a bounded number of 429s, and keeps working', async () => {
    h.fake.rateLimitNext('/open-apis/im/v1/messages', 100, 0);
    const before = h.fake.messages.length;
    await h.fake.sendEvent(messageEvent({ openId: REP, chatType: 'p2p', text: 'deal new 京东 5万' }));
    await h.door.idle();
    expect(h.fake.messages.length).toBe(before);
    // The reply and the error reply: four attempts each (one try, three retries).
    expect(h.fake.limited.filter((p) => p === '/open-apis/im/v1/messages').length).toBeGreaterThanOrEqual(8);
    h.fake.rateLimitNext('/open-apis/im/v1/messages', 0, 0);
    expect((await h.app.store.findDeal('feishu:tenant-a', '京东'))?.name).toBe('京东');
    expect((await dm(REP, 'deal show 京东')).header.template).toBe('blue');
  });
});
