// Slack's rules: ack within 3 s while the database is slow, repeated deliveries applied
// once, 429 Retry-After honoured (Web API and response_url), uploads with files.uploadV2,
// and a Slack that accepts connections but never answers holds no command up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/adapters/log.js';
import { createResponder } from '../../src/adapters/slack/respond.js';
import type { App } from '../../src/app.js';
import { errorTitle } from '../../src/core/error-titles.js';
import type { Store } from '../../src/core/ports.js';
import { answer, blockText, startHarness, TEAM, user, WS, type Harness } from './harness.js';

const ALICE = 'UALICE01';
const ADMIN_UNSEEN = 'UADMIN02'; // a Slack admin first seen while users.info hangs
const SLOW_MS = 5000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The same app, with every database round trip through it taking SLOW_MS longer. */
function slowed(app: App): App {
  const store = new Proxy(app.store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await sleep(SLOW_MS);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as Store;
  return {
    ...app,
    store,
    async context(identity) {
      await sleep(SLOW_MS);
      return app.context(identity);
    },
  };
}

describe('Slack: acknowledgement while the database is slow', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ wrap: slowed });
    h.fake.users.set(ALICE, { is_admin: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('acks a slash command in under 3 s and answers through response_url when the work is done', async () => {
    const started = Date.now();
    const res = await h.command('/deal', 'new "Slow Corp" 5k', { user: ALICE });
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3000);
    const body = await answer(h, res.responseId);
    expect(blockText(body)).toContain('Slow Corp');
    expect(h.fake.responsesTo(res.responseId)[0]!.at - started).toBeGreaterThanOrEqual(SLOW_MS);
  });

  it('opens the modal from a button within the trigger window, without waiting for the database', async () => {
    const value = JSON.stringify({ c: 'deal move "Slow Corp" qualified', l: 'en', d: 'Slow Corp', s: 'Qualified', m: ['close_date'] });
    const clicked = Date.now();
    const res = await h.interact({
      type: 'block_actions',
      team: { id: TEAM, domain: 'acme-sales' },
      user: user(ALICE),
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: 'trig.slow.button',
      response_url: h.fake.responseUrl('slow-card'),
      actions: [{ type: 'button', action_id: 'stagecoach_complete', block_id: 'b', value, action_ts: '1' }],
    });
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3000);
    const open = await h.fake.waitFor(() => h.fake.callsTo('views.open').find((c) => c.args.trigger_id === 'trig.slow.button'));
    expect(open.at - clicked).toBeLessThan(3000);
  });
});

describe('Slack: repeated deliveries, rate limits, and a Slack that accepts connections and never answers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.fake.users.set(ALICE, { is_admin: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a slash command Slack delivers twice is applied and answered once', async () => {
    const first = await h.command('/deal', 'new "Twice Corp" 10k', { user: ALICE, triggerId: 'trig.same', responseId: 'twice' });
    const again = await h.command('/deal', 'new "Twice Corp" 10k', {
      user: ALICE,
      triggerId: 'trig.same',
      responseId: 'twice',
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect([first.status, again.status]).toEqual([200, 200]);
    await answer(h, 'twice');
    await h.door.idle();
    const answers = h.fake.responsesTo('twice');
    expect(answers).toHaveLength(1);
    expect(blockText(answers[0]!.body)).toContain('Created deal');
    expect((await h.t.app.store.listDeals(WS, {})).filter((d) => d.name === 'Twice Corp')).toHaveLength(1);
  });

  it('a Web API call answered 429 is retried after Retry-After, and the message arrives', async () => {
    h.fake.rateLimitNext('chat.postMessage', 1);
    const res = await h.command('/stagecoach', 'announce here', { user: ALICE, channel: 'CRATE' });
    const body = await answer(h, res.responseId);
    expect(blockText(body)).toContain('<#CRATE>');
    const limited = h.fake.limited.find((l) => l.target === 'chat.postMessage');
    const posted = h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'CRATE');
    expect(limited).toBeDefined();
    expect(posted).toHaveLength(1);
    expect(posted[0]!.at - limited!.at).toBeGreaterThanOrEqual(1000);
  });

  it('a response_url answered 429 is retried after Retry-After', async () => {
    h.fake.rateLimitNext('response', 1);
    const res = await h.command('/deal', 'show "Twice Corp"', { user: ALICE });
    const body = await answer(h, res.responseId);
    expect(blockText(body)).toContain('Twice Corp');
    const limited = h.fake.limited.find((l) => l.target === 'response');
    expect(h.fake.responsesTo(res.responseId)[0]!.at - limited!.at).toBeGreaterThanOrEqual(1000);
  });

  it('announcing in a channel the bot cannot post in says so and keeps the setting', async () => {
    h.fake.closedChannels.add('CPRIVATE');
    const res = await h.command('/stagecoach', 'announce <#CPRIVATE|secret>', { user: ALICE });
    expect(blockText(await answer(h, res.responseId))).toContain('/invite');
    expect((await h.t.app.store.getSettings(WS)).slackAnnounceChannel).toBe('CRATE');
  });

  it('uploadImage sends a PNG with files.uploadV2, through a 429', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5]);
    h.fake.rateLimitNext('files.getUploadURLExternal', 1);
    const result = await h.door.uploadImage('C001', png, 'Funnel Q1 2026');
    const [get] = h.fake.callsTo('files.getUploadURLExternal');
    expect(get?.args).toMatchObject({ filename: 'Funnel-Q1-2026.png', length: String(png.length) });
    expect(h.fake.uploads).toHaveLength(1);
    expect(h.fake.uploads[0]!.bytes.equals(png)).toBe(true);
    const [complete] = h.fake.callsTo('files.completeUploadExternal');
    expect(complete?.args.channel_id).toBe('C001');
    expect(complete?.args.files).toEqual([{ id: h.fake.uploads[0]!.fileId, title: 'Funnel Q1 2026' }]);
    expect(result.fileId).toBe(h.fake.uploads[0]!.fileId);
    expect(h.fake.callsTo('files.upload')).toHaveLength(0);
  });

  it('users.info hanging: /deal new is answered within a few seconds, after one try', async () => {
    h.fake.hang.add('users.info');
    const started = Date.now();
    const res = await h.command('/deal', 'new "Hung Corp"', { user: 'UHUNG001' });
    const body = await answer(h, res.responseId);
    const ms = Date.now() - started;
    expect(blockText(body)).toContain('Hung Corp');
    expect(ms).toBeLessThan(5_000);
    expect(h.fake.hung.filter((c) => c.target === 'users.info')).toHaveLength(1);
    expect((await h.t.app.store.listDeals(WS, {})).map((d) => d.name)).toContain('Hung Corp');
  });

  it('without an answer from Slack the stored role applies: a Slack admin is not granted admin', async () => {
    h.fake.users.set(ADMIN_UNSEEN, { is_admin: true });
    const res = await h.command('/stagecoach', 'gates set opportunity require team', { user: ADMIN_UNSEEN });
    expect(blockText(await answer(h, res.responseId))).toContain(errorTitle('en', 'FORBIDDEN'));
    h.fake.hang.delete('users.info');
    // Slack answers again: the failed look-up was not remembered, the admin signal is back.
    const again = await h.command('/stagecoach', 'gates set opportunity require team', { user: ADMIN_UNSEEN });
    expect(blockText(await answer(h, again.responseId))).not.toContain(errorTitle('en', 'FORBIDDEN'));
  });

  it('a response_url that never answers is tried again, a bounded number of times, and the answer arrives', async () => {
    const respond = createResponder(createLogger('silent'), { attemptTimeoutMs: 1_000 });
    h.fake.hang.add('response');
    const delivered = respond(h.fake.responseUrl('hung-reply'), { text: 'hello', blocks: [] });
    await h.fake.waitFor(() => h.fake.hung.some((c) => c.target === 'response'));
    h.fake.hang.delete('response');
    expect(await delivered).toBe(true);
    expect(h.fake.responsesTo('hung-reply')).toHaveLength(1);
  });

  it('a response_url that never answers is given up after 5 attempts', async () => {
    const respond = createResponder(createLogger('silent'), { attemptTimeoutMs: 1_000 });
    h.fake.hang.add('response');
    const before = h.fake.hung.length;
    const started = Date.now();
    expect(await respond(h.fake.responseUrl('lost-reply'), { text: 'hello', blocks: [] })).toBe(false);
    // 5 attempts of at most 1 s, 7.5 s of back-off between them (an attempt aborted before
    // it reached the fake on a busy machine is not recorded there).
    expect(Date.now() - started).toBeLessThan(20_000);
    const attempts = h.fake.hung.length - before;
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect(attempts).toBeLessThanOrEqual(5);
    h.fake.hang.delete('response');
  }, 30_000);
});
