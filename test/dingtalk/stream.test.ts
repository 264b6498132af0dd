// DingTalk Stream mode: dingtalk-stream's client (gateway and token hosts replaced by
// DINGTALK_API_URL) against a fake gateway; robot messages from groups and one-to-one
// chats, answered in markdown through the session webhook or the robot send API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/db.js';
import { robotMessage } from '../support/fake-dingtalk.js';
import { startDingTalk, type DingTalkHarness } from './harness.js';

const ALICE = 'staff-alice';

describe.each(backends)('DingTalk stream on $name', (backend) => {
  let h: DingTalkHarness;

  beforeAll(async () => {
    h = await startDingTalk({ db: await backend.open() });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('opens the stream through the configured gateway, subscribed to the robot topic', () => {
    expect(h.fake.connections).toBe(1);
    const subs = h.fake.gatewayCalls.at(-1)?.subscriptions ?? [];
    expect(subs).toContainEqual({ type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' });
  });

  it('runs a group @mention and answers in markdown through the session webhook, in zh-CN', async () => {
    await h.fake.pushRobotMessage(robotMessage(h.fake, { staffId: ALICE, nick: '爱丽丝', text: ' deal new 阿里巴巴 50万' }));
    const post = await h.fake.waitFor(() => h.fake.webhookPosts[0]);
    expect(post.body.msgtype).toBe('markdown');
    expect(post.body.markdown.text).toContain('阿里巴巴');
    expect((await h.app.store.getWorkspace('dingtalk:dingcorp-a'))?.locale).toBe('zh-CN');
    const member = await h.app.store.getMember('dingtalk:dingcorp-a', ALICE);
    expect(member?.role).toBe('rep');
    expect(member?.displayName).toBe('爱丽丝');
  });

  it('answers a one-to-one chat through the robot API when the session webhook has expired, deal word optional', async () => {
    const before = h.fake.robotSends.length;
    await h.fake.pushRobotMessage(robotMessage(h.fake, { staffId: ALICE, direct: true, text: 'show 阿里巴巴', webhookExpiresAt: Date.now() - 1000 }));
    const sent = await h.fake.waitFor(() => h.fake.robotSends[before]);
    expect(sent.path).toBe('/v1.0/robot/oToMessages/batchSend');
    expect(sent.body.userIds).toEqual([ALICE]);
    expect(sent.body.msgKey).toBe('sampleMarkdown');
    expect(sent.msgParam.text).toContain('阿里巴巴');
    // Read as `deal show`, not refused as an unknown command.
    expect(sent.msgParam.title).not.toBe('没能看懂这条命令');
  });

  it('answers a group through the robot group API without a session webhook', async () => {
    const before = h.fake.robotSends.length;
    await h.fake.pushRobotMessage(robotMessage(h.fake, { staffId: ALICE, text: '@Stagecoach deal list all', webhook: null }));
    const sent = await h.fake.waitFor(() => h.fake.robotSends[before]);
    expect(sent.path).toBe('/v1.0/robot/groupMessages/send');
    expect(sent.body.openConversationId).toBe('cid-group-sales');
  });

  it('acknowledges at once however slow the command, and the answer follows', async () => {
    h.setSlow(3500);
    try {
      const before = h.fake.webhookPosts.length;
      const ackMs = await h.fake.pushRobotMessage(robotMessage(h.fake, { staffId: ALICE, text: 'deal show 阿里巴巴' }));
      expect(ackMs).toBeLessThan(1000);
      await h.fake.waitFor(() => h.fake.webhookPosts[before], 10_000);
    } finally {
      h.setSlow(0);
    }
  });

  it('applies a redelivered message (same msgId) once', async () => {
    const msg = robotMessage(h.fake, { staffId: ALICE, text: 'deal new 腾讯 10万', msgId: 'msg-redelivered' });
    const before = h.fake.webhookPosts.length;
    await h.fake.pushRobotMessage(msg);
    await h.fake.pushRobotMessage(msg);
    await h.door.idle();
    expect(h.fake.webhookPosts.length).toBe(before + 1);
    const deals = await h.app.store.listDeals('dingtalk:dingcorp-a', {});
    expect(deals.filter((d) => d.name === '腾讯')).toHaveLength(1);
  });

  it('resumes after the gateway drops the connection', async () => {
    h.fake.dropConnections();
    await h.fake.waitFor(() => h.fake.connections >= 2 && h.fake.openSockets() === 1, 15_000);
    const before = h.fake.webhookPosts.length;
    await h.fake.pushRobotMessage(robotMessage(h.fake, { staffId: ALICE, text: 'deal show 阿里巴巴' }));
    await h.fake.waitFor(() => h.fake.webhookPosts[before]);
  });
});
