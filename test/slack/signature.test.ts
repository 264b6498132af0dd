// Requests to the HTTP receiver must carry Slack's signature: anything else is refused
// with 401 before it reaches the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandBody, payloadBody, sign, slackPost } from '../support/fake-slack.js';
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

  it('a request more than 5 minutes in the future is refused with 401, a small clock skew is not', async () => {
    const ahead = Math.floor(Date.now() / 1000) + 6 * 60;
    const res = await slackPost(h.events, body('new "Evil Corp"', 'future'), { secret: SECRET, timestamp: ahead });
    expect(res.status).toBe(401);
    await nothingWritten('future');
    const skewed = await slackPost(h.events, commandBody({ command: '/deal', text: 'new "Skew Corp"', responseUrl: h.fake.responseUrl('skew') }), {
      secret: SECRET,
      timestamp: Math.floor(Date.now() / 1000) + 60,
    });
    expect(skewed.status).toBe(200);
    expect(blockText(await answer(h, 'skew'))).toContain('Skew Corp');
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

  describe('a signed request must name exactly one team and one user (400, nothing written)', () => {
    const workspaces = () => h.db.prisma.workspace.findMany({ select: { id: true } }).then((rows) => rows.map((r) => r.id).sort());
    const command = (responseId: string) =>
      new URLSearchParams(commandBody({ command: '/deal', text: 'new "Evil Corp"', team: OTHER_TEAM, user: 'UMALLORY', responseUrl: h.fake.responseUrl(responseId) }));
    const cases: [string, (f: URLSearchParams) => void][] = [
      ['repeated team_id', (f) => f.append('team_id', 'T2')],
      ['empty team_id', (f) => f.set('team_id', '')],
      ['blank team_id', (f) => f.set('team_id', '  ')],
      ['missing team_id', (f) => f.delete('team_id')],
      ['repeated user_id', (f) => f.append('user_id', 'UOTHER')],
      ['empty user_id', (f) => f.set('user_id', '')],
      ['missing user_id', (f) => f.delete('user_id')],
    ];
    it.each(cases)('%s', async (name, change) => {
      const before = await workspaces();
      const responseId = `bad-${name.replace(/\W/g, '-')}`;
      const form = command(responseId);
      change(form);
      const res = await slackPost(h.events, form.toString(), { secret: SECRET });
      expect(res.status).toBe(400);
      await nothingWritten(responseId);
      expect(await workspaces()).toEqual(before);
    });

    it('an interaction without a team', async () => {
      const before = await workspaces();
      const payload = { type: 'view_submission', team: null, user: { id: 'UMALLORY', team_id: '' }, trigger_id: 't', view: { id: 'V1', callback_id: 'x', state: { values: {} } } };
      const res = await slackPost(h.events, payloadBody(payload), { secret: SECRET });
      expect(res.status).toBe(400);
      expect(await workspaces()).toEqual(before);
    });

    it('an unsigned request with a repeated team_id is still a 401', async () => {
      const form = command('unsigned-repeat');
      form.append('team_id', 'T2');
      const res = await slackPost(h.events, form.toString(), { secret: 'not-the-secret' });
      expect(res.status).toBe(401);
    });
  });

  it('serves GET /healthz beside /slack/events (for load balancers), and nothing else', async () => {
    const health = await fetch(h.events.replace('/slack/events', '/healthz'));
    expect([health.status, await health.text()]).toEqual([200, 'ok']);
    const other = await fetch(h.events.replace('/slack/events', '/admin'));
    expect(other.status).toBe(404);
  });
});
