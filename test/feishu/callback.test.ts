// FEISHU_MODE=http: events posted to /feishu/events, encrypted with the encrypt key and
// signed; the SDK decrypts and checks the signature, the door checks the verification
// token. A refused request writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/db.js';
import { encryptEvent, messageEvent, signHeaders } from '../support/fake-feishu.js';
import { cardText, startFeishu, type FeishuHarness } from './harness.js';

const KEY = 'feishu-encrypt-key';

describe.each(backends)('Feishu HTTP callbacks on $name', (backend) => {
  let h: FeishuHarness;
  let url: string;

  async function post(body: unknown, headers: Record<string, string> = {}) {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  /** An event as Feishu posts it: encrypted, then signed over the body sent. */
  async function postEvent(event: Record<string, unknown>, sign: (raw: string) => Record<string, string> = (raw) => signHeaders(raw, KEY)) {
    const raw = JSON.stringify(encryptEvent(event, KEY));
    return post(raw, sign(raw));
  }

  beforeAll(async () => {
    h = await startFeishu({ db: await backend.open(), config: { mode: 'http', encryptKey: KEY, verificationToken: 'verify-token' } });
    url = `http://127.0.0.1:${h.door.port}/feishu/events`;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers the URL verification challenge with the right token only', async () => {
    const ok = await post(encryptEvent({ challenge: 'c-123', token: 'verify-token', type: 'url_verification' }, KEY));
    expect(ok).toEqual({ status: 200, body: { challenge: 'c-123' } });
    const bad = await post(encryptEvent({ challenge: 'c-123', token: 'wrong', type: 'url_verification' }, KEY));
    expect(bad.status).toBe(401);
  });

  it('refuses a bad signature, a wrong token and an undecryptable body, writing nothing', async () => {
    const forged = await postEvent(messageEvent({ tenantKey: 'tenant-x', openId: 'ou_x', chatType: 'p2p', text: 'deal new 伪造 1万' }), (raw) => ({
      ...signHeaders(raw, 'another-key'),
    }));
    expect(forged.status).toBe(401);
    const wrongToken = await postEvent(messageEvent({ tenantKey: 'tenant-x', openId: 'ou_x', chatType: 'p2p', text: 'deal new 伪造 1万', token: 'stolen' }));
    expect(wrongToken.status).toBe(401);
    const garbage = await post({ encrypt: Buffer.from('not a ciphertext at all, clearly').toString('base64') });
    expect(garbage.status).toBe(400);
    const notJson = await post('{ nope');
    expect(notJson.status).toBe(400);
    await h.door.idle();
    expect(await h.app.store.getWorkspace('feishu:tenant-x')).toBeNull();
    expect(h.fake.messages).toHaveLength(0);
  });

  it('runs a signed, encrypted message event and answers in the chat', async () => {
    const res = await postEvent(messageEvent({ openId: 'ou_http', chatType: 'p2p', text: 'deal new 美团 8万' }));
    expect(res.status).toBe(200);
    const sent = await h.fake.waitFor(() => h.fake.messages[0]);
    expect(cardText(sent.content)).toContain('美团');
    expect((await h.app.store.findDeal('feishu:tenant-a', '美团'))?.name).toBe('美团');
  });

  it('applies a retried callback once', async () => {
    const event = messageEvent({ openId: 'ou_http', chatType: 'p2p', text: 'deal new 滴滴 3万', messageId: 'om_http_retry' });
    const before = h.fake.messages.length;
    expect((await postEvent(event)).status).toBe(200);
    expect((await postEvent(event)).status).toBe(200);
    await h.door.idle();
    expect(h.fake.messages.length).toBe(before + 1);
  });
});
