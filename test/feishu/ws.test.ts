// Feishu long connection: the SDK's WSClient against a fake gateway speaking pbbp2
// frames; commands from group @mentions and direct chats, answered as cards through
// the fake Open API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeishuDoor } from '../../src/adapters/feishu/door.js';
import { createLogger } from '../../src/adapters/log.js';
import { backends } from '../support/db.js';
import { messageEvent } from '../support/fake-feishu.js';
import { cardText, startFeishu, type FeishuHarness } from './harness.js';

const ALICE = 'ou_alice';
const BOB = 'ou_bob';

describe.each(backends)('Feishu long connection on $name', (backend) => {
  let h: FeishuHarness;
  const at = () => ({ '@_user_1': { openId: h.fake.botOpenId, name: 'Stagecoach' } });

  beforeAll(async () => {
    h = await startFeishu({ db: await backend.open() });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('opens the connection through the endpoint at FEISHU_DOMAIN', () => {
    expect(h.fake.endpointCalls).toBe(1);
    expect(h.fake.connections).toBe(1);
    expect(h.fake.openSockets()).toBe(1);
  });

  it('runs a group @mention as a command and answers in the chat with a card, in zh-CN', async () => {
    await h.fake.sendEvent(messageEvent({ openId: ALICE, text: '@_user_1 deal new 阿里巴巴 50万', mentions: at() }));
    const sent = await h.fake.waitFor(() => h.fake.messages[0]);
    expect(sent.receiveIdType).toBe('chat_id');
    expect(sent.receiveId).toBe('oc_group_sales');
    expect(sent.msgType).toBe('interactive');
    expect(cardText(sent.content)).toContain('阿里巴巴');
    const ws = await h.app.store.getWorkspace('feishu:tenant-a');
    expect(ws?.locale).toBe('zh-CN');
    const member = await h.app.store.getMember('feishu:tenant-a', ALICE);
    expect(member?.role).toBe('rep');
  });

  it('ignores a group message that does not mention the bot, and a mention of someone else', async () => {
    const before = h.fake.messages.length;
    await h.fake.sendEvent(messageEvent({ openId: ALICE, text: 'deal list all' }));
    await h.fake.sendEvent(messageEvent({ openId: ALICE, text: '@_user_1 deal list all', mentions: { '@_user_1': { openId: BOB, name: 'Bob' } } }));
    await h.door.idle();
    expect(h.fake.messages.length).toBe(before);
  });

  it('takes every direct message as a command, with the deal word optional', async () => {
    const before = h.fake.messages.length;
    await h.fake.sendEvent(messageEvent({ openId: ALICE, chatType: 'p2p', text: 'move 阿里巴巴 机会' }));
    const sent = await h.fake.waitFor(() => h.fake.messages[before]);
    expect(sent.receiveId).toBe(`oc_p2p_${ALICE}`);
    // Read as `deal move`: the opportunity gate (contact, industry, source) blocks it.
    expect(sent.content.header.template).toBe('orange');
    expect(sent.content.header.title.content).toBe('还不能进入该阶段');
    const deal = await h.app.store.findDeal('feishu:tenant-a', '阿里巴巴');
    expect(deal?.stage).toBe('lead');
  });

  it('answers within 3 s however slow the command, and the reply follows', async () => {
    h.setSlow(3500);
    try {
      const before = h.fake.messages.length;
      const ackMs = await h.fake.sendEvent(messageEvent({ openId: ALICE, text: '@_user_1 deal show 阿里巴巴', mentions: at() }));
      expect(ackMs).toBeLessThan(1000);
      const ack = [...h.fake.acks.values()].at(-1);
      expect(ack?.frame.payload).toMatchObject({ code: 200 });
      await h.fake.waitFor(() => h.fake.messages[before], 10_000);
    } finally {
      h.setSlow(0);
    }
  });

  it('applies a redelivered message once', async () => {
    const event = messageEvent({ openId: ALICE, text: '@_user_1 deal new 腾讯 10万', mentions: at(), messageId: 'om_redelivered' });
    const before = h.fake.messages.length;
    await h.fake.sendEvent(event);
    await h.fake.sendEvent(event);
    await h.door.idle();
    expect(h.fake.messages.length).toBe(before + 1);
    const deals = await h.app.store.listDeals('feishu:tenant-a', {});
    expect(deals.filter((d) => d.name === '腾讯')).toHaveLength(1);
  });

  it('resumes after the gateway drops the connection', async () => {
    h.fake.dropConnections();
    // Connected on both ends: the SDK listens for frames only once its reconnect loop is done.
    await h.fake.waitFor(() => h.fake.connections >= 2 && h.fake.openSockets() === 1 && h.door.ws?.getConnectionStatus().state === 'connected');
    const before = h.fake.messages.length;
    await h.fake.sendEvent(messageEvent({ openId: ALICE, chatType: 'p2p', text: 'deal show 阿里巴巴' }));
    await h.fake.waitFor(() => h.fake.messages[before]);
    expect(h.fake.endpointCalls).toBeGreaterThanOrEqual(2);
  });
});

describe('Feishu workspace language', () => {
  it('creates new workspaces in DEFAULT_LOCALE when it is set', async () => {
    const h = await startFeishu({ db: await backends[0]!.open(), env: { DEFAULT_LOCALE: 'en' } });
    try {
      await h.fake.sendEvent(messageEvent({ openId: 'ou_en', chatType: 'p2p', text: 'deal list all' }));
      const sent = await h.fake.waitFor(() => h.fake.messages[0]);
      expect((await h.app.store.getWorkspace('feishu:tenant-a'))?.locale).toBe('en');
      expect(cardText(sent.content)).not.toMatch(/[\u4e00-\u9fff]/u);
    } finally {
      await h.close();
    }
  });
});

describe.each(backends)('Feishu with two processes on one $name database', (backend) => {
  it('applies a message both receive once (the database claim decides)', async () => {
    const h = await startFeishu({ db: await backend.open() });
    const config = { appId: h.fake.appId, appSecret: h.fake.appSecret, domain: h.fake.url, mode: 'ws' as const, verificationToken: undefined, encryptKey: undefined, managerChat: undefined };
    const second = createFeishuDoor({ app: h.app, config, logger: createLogger('silent'), readyTimeoutMs: 10_000 });
    await second.start();
    try {
      await h.fake.waitFor(() => h.fake.openSockets() === 2 && second.ws?.getConnectionStatus().state === 'connected');
      await h.fake.sendEventToAll(messageEvent({ openId: 'ou_two', chatType: 'p2p', text: 'deal new 百度 20万', messageId: 'om_both' }));
      await Promise.all([h.door.idle(), second.idle()]);
      expect(h.fake.messages).toHaveLength(1);
      expect((await h.app.store.listDeals('feishu:tenant-a', {})).filter((d) => d.name === '百度')).toHaveLength(1);
    } finally {
      await second.stop();
      await h.close();
    }
  });
});
