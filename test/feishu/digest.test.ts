// Digests, alerts and nudges into Feishu: `digest now` in a group posts the digest card
// with the funnel chart uploaded through im/v1/images; nudges go to a member by open_id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feishuPoster } from '../../src/adapters/notify/feishu.js';
import { digestService } from '../../src/jobs.js';
import { backends } from '../support/db.js';
import { messageEvent } from '../support/fake-feishu.js';
import { cardText, startFeishu, type FeishuHarness } from './harness.js';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

describe.each(backends)('Feishu digests and nudges on $name', (backend) => {
  let h: FeishuHarness;
  const at = () => ({ '@_user_1': { openId: h.fake.botOpenId, name: 'Stagecoach' } });

  beforeAll(async () => {
    h = await startFeishu({ db: await backend.open() });
    const config = { appId: h.fake.appId, appSecret: h.fake.appSecret, domain: h.fake.url, mode: 'ws' as const, verificationToken: undefined, encryptKey: undefined, managerChat: undefined };
    h.app.attachDigests(digestService(h.app, h.app.config, [feishuPoster(config)]));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('posts `digest now` to the group as a card with the funnel chart uploaded', async () => {
    await h.fake.sendEvent(messageEvent({ openId: 'ou_alice', text: '@_user_1 deal new 阿里巴巴 50万', mentions: at() }));
    await h.fake.waitFor(() => h.fake.messages[0]);
    await h.fake.sendEvent(messageEvent({ openId: 'ou_alice', text: '@_user_1 digest now', mentions: at() }));
    await h.door.idle();
    expect(h.fake.images).toHaveLength(1);
    expect(h.fake.images[0]?.bytes.subarray(0, 4).equals(PNG_MAGIC)).toBe(true);
    // The digest itself is the answer: one card, not the digest plus a copy of it.
    expect(h.fake.messages).toHaveLength(2);
    const digest = h.fake.messages[1];
    expect(digest?.receiveId).toBe('oc_group_sales');
    expect(cardText(digest?.content ?? {})).toContain('每周简报');
    expect(digest?.content.elements).toContainEqual(expect.objectContaining({ tag: 'img', img_key: 'img_v2_1' }));
  });

  it('sends a nudge to a member directly, by open_id', async () => {
    const config = { appId: h.fake.appId, appSecret: h.fake.appSecret, domain: h.fake.url, mode: 'ws' as const, verificationToken: undefined, encryptKey: undefined, managerChat: undefined };
    await feishuPoster(config).direct('feishu:tenant-a', 'ou_alice', { text: '"阿里巴巴" 已在 线索 阶段停留 30 天' });
    const sent = h.fake.messages.at(-1);
    expect(sent?.receiveIdType).toBe('open_id');
    expect(sent?.receiveId).toBe('ou_alice');
    expect(cardText(sent?.content ?? {})).toContain('阿里巴巴');
  });
});
