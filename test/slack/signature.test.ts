// Requests to the HTTP receiver must carry Slack's signature: anything else is refused
// with 401 before it reaches the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandBody, sign, slackPost } from '../support/fake-slack.js';
import { answer, blockText, SECRET, startHarness, type Harness } from './harness.js';

let h: Harness;
const OTHER_TEAM = 'T999';

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

function body(text: string, responseId: string) {
  return commandBody({ command: '/deal', text, team: OTHER_TEAM, user: 'UMALLORY', responseUrl: h.fake.responseUrl(responseId) });
}

async function nothingWritten(responseId: string) {
  await new Promise((r) => setTimeout(r, 300));
  await h.door.idle();
  expect(h.fake.responsesTo(responseId)).toHaveLength(0);
  expect(h.fake.callsTo('users.info').filter((c) => c.args.user === 'UMALLORY')).toHaveLength(0);
  expect(await h.t.app.store.getWorkspace(`slack:${OTHER_TEAM}`)).toBeNull();
}

describe('Slack request signatures', () => {
  it('a correctly signed request is handled', async () => {
    const res = await h.command('/deal', 'new "Signed Corp"');
    expect(res.status).toBe(200);
    expect(blockText(await answer(h, res.responseId))).toContain('Signed Corp');
  });

  it('a tampered body is refused with 401 and nothing is written', async () => {
    const signed = body('show "Anything"', 'tampered');
    const res = await slackPost(h.events, signed, { secret: SECRET, sendBody: body('new "Evil Corp"', 'tampered') });
    expect(res.status).toBe(401);
    await nothingWritten('tampered');
  });

  it('a request signed with another secret is refused with 401', async () => {
    const res = await slackPost(h.events, body('new "Evil Corp"', 'wrong-secret'), { secret: 'not-the-secret' });
    expect(res.status).toBe(401);
    await nothingWritten('wrong-secret');
  });

  it('a request older than 5 minutes is refused with 401, even with a valid signature', async () => {
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await slackPost(h.events, body('new "Evil Corp"', 'replayed'), { secret: SECRET, timestamp: old });
    expect(res.status).toBe(401);
    await nothingWritten('replayed');
  });

  it('a request without a signature is refused with 401', async () => {
    const raw = body('new "Evil Corp"', 'unsigned');
    const res = await fetch(h.events, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: raw });
    expect(res.status).toBe(401);
    await nothingWritten('unsigned');
  });

  it('the signature covers the timestamp: a fresh timestamp on an old signature is refused', async () => {
    const raw = body('new "Evil Corp"', 'restamped');
    const oldSignature = sign(SECRET, Math.floor(Date.now() / 1000) - 6 * 60, raw);
    const res = await slackPost(h.events, raw, { secret: SECRET, headers: { 'x-slack-signature': oldSignature } });
    expect(res.status).toBe(401);
    await nothingWritten('restamped');
  });

  it('serves GET /healthz beside /slack/events (for load balancers), and nothing else', async () => {
    const health = await fetch(h.events.replace('/slack/events', '/healthz'));
    expect([health.status, await health.text()]).toEqual([200, 'ok']);
    const other = await fetch(h.events.replace('/slack/events', '/admin'));
    expect(other.status).toBe(404);
  });
});
