// Digests, alerts and nudges into DingTalk: `digest now` in a group posts the digest in
// markdown and the funnel chart as an uploaded image; nudges go one-to-one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dingtalkPoster } from '../../src/adapters/notify/dingtalk.js';
import { digestService } from '../../src/jobs.js';
import { backends } from '../support/db.js';
import { robotMessage } from '../support/fake-dingtalk.js';
import { startDingTalk, type DingTalkHarness } from './harness.js';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

describe.each(backends)('DingTalk digests and nudges on $name', (backend) => {
  let h: DingTalkHarness;
  const config = () => ({ clientId: h.fake.clientId, clientSecret: h.fake.clientSecret, robotCode: h.fake.robotCode, apiUrl: h.fake.url, managerRole: undefined });

  beforeAll(async () => {
    h = await startDingTalk({ db: await backend.open() });
    h.app.attachDigests(digestService(h.app, h.app.config, [dingtalkPoster(config())]));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('posts `digest now` to the group: the digest in markdown, then the chart as an image', async () => {
    await h.fake.pushRobotMessage(robotMessage(h.fake, { staffId: 'staff-alice', text: 'deal new 阿里巴巴 50万' }));
    await h.fake.waitFor(() => h.fake.webhookPosts[0]);
    await h.fake.pushRobotMessage(robotMessage(h.fake, { staffId: 'staff-alice', text: 'digest now' }));
    await h.door.idle();
    expect(h.fake.webhookPosts).toHaveLength(1);
    expect(h.fake.media).toHaveLength(1);
    expect(h.fake.media[0]?.bytes.subarray(0, 4).equals(PNG_MAGIC)).toBe(true);
    const [text, image] = h.fake.robotSends;
    expect(text?.path).toBe('/v1.0/robot/groupMessages/send');
    expect(text?.body.openConversationId).toBe('cid-group-sales');
    expect(text?.msgParam.text).toContain('每周简报');
    expect(image?.body.msgKey).toBe('sampleImageMsg');
    expect(image?.msgParam.photoURL).toBe('@media1');
  });

  it('posts to a one-to-one chat that subscribed (user:<staffId>) through the one-to-one API', async () => {
    await dingtalkPoster(config()).post('dingtalk:dingcorp-a', 'user:staff-bob', { text: '转化率预警\n机会 → 合格机会 下降' });
    const sent = h.fake.robotSends.at(-1);
    expect(sent?.path).toBe('/v1.0/robot/oToMessages/batchSend');
    expect(sent?.body.userIds).toEqual(['staff-bob']);
  });

  it('sends a nudge to a member one-to-one', async () => {
    await dingtalkPoster(config()).direct('dingtalk:dingcorp-a', 'staff-alice', { text: '"阿里巴巴" 已在 线索 阶段停留 30 天' });
    const sent = h.fake.robotSends.at(-1);
    expect(sent?.path).toBe('/v1.0/robot/oToMessages/batchSend');
    expect(sent?.body.userIds).toEqual(['staff-alice']);
    expect(sent?.msgParam.text).toContain('阿里巴巴');
  });
});
