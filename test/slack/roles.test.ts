// Slack workspace admins act as Stagecoach admins while Slack says so: the signal is
// cached for at most 5 minutes, forgotten on restart, and never stored as a role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/adapters/log.js';
import { createSlackDoor } from '../../src/adapters/slack/app.js';
import { errorTitle } from '../../src/core/error-titles.js';
import { backends } from '../support/db.js';
import { commandBody, slackPost } from '../support/fake-slack.js';
import { answer, blockText, SECRET, startHarness, WS, type Harness } from './harness.js';

const PAT = 'UPAT0001'; // a Slack admin, later demoted
const FORBIDDEN = errorTitle('en', 'FORBIDDEN');

describe.each(backends)('Slack admins on $name', (backend) => {
  let h: Harness;
  let skewMs = 0;
  beforeAll(async () => {
    h = await startHarness({ db: backend.open, roleCache: { now: () => Date.now() + skewMs } });
  });
  afterAll(async () => {
    await h?.close();
  });

  const requires = async (stage: string) => (await h.t.app.store.getPipeline(WS)).find((s) => s.key === stage)?.requires;
  const storedRoles = async () => {
    const members = await h.t.app.store.listMembers(WS);
    return Object.fromEntries(members.map((m) => [m.userId, m.role]));
  };
  async function gatesSet(requirement: string, url = h.events): Promise<string> {
    const responseId = `gates-${requirement}-${Math.random().toString(36).slice(2)}`;
    const body = commandBody({ command: '/stagecoach', text: `gates set opportunity require ${requirement}`, user: PAT, responseUrl: h.fake.responseUrl(responseId) });
    expect((await slackPost(url, body, { secret: SECRET })).status).toBe(200);
    return blockText(await answer(h, responseId));
  }

  it('an admin on Slack can `gates set`; the member is stored as a rep', async () => {
    h.fake.users.set(PAT, { is_admin: true, name: 'pat' });
    expect(await gatesSet('team')).not.toContain(FORBIDDEN);
    expect(await requires('opportunity')).toEqual(['team']);
    expect((await storedRoles())[PAT]).toBe('rep');
  });

  it('demoted on Slack: FORBIDDEN once the cached answer expires, and role list never showed an admin', async () => {
    h.fake.users.set(PAT, { name: 'pat' });
    skewMs += 5 * 60_000 + 1_000;
    expect(await gatesSet('contact')).toContain(FORBIDDEN);
    expect(await requires('opportunity')).toEqual(['team']);
    expect((await storedRoles())[PAT]).toBe('rep');
  });

  it('a restart forgets the cached admin at once', async () => {
    h.fake.users.set(PAT, { is_admin: true, name: 'pat' });
    skewMs += 5 * 60_000 + 1_000;
    expect(await gatesSet('source')).not.toContain(FORBIDDEN);
    expect(await requires('opportunity')).toEqual(['source']);
    h.fake.users.set(PAT, { name: 'pat' });
    // A new front door (as after a restart) on the same database asks Slack again.
    const restarted = createSlackDoor({
      app: h.t.app,
      slack: { botToken: 'xoxb-test-token', signingSecret: SECRET, appToken: undefined, apiUrl: h.fake.apiUrl },
      port: 0,
      host: '127.0.0.1',
      logger: createLogger('silent'),
    });
    await restarted.start();
    try {
      expect(await gatesSet('contact', `http://127.0.0.1:${restarted.port}/slack/events`)).toContain(FORBIDDEN);
      expect(await requires('opportunity')).toEqual(['source']);
    } finally {
      await restarted.stop();
    }
    expect((await storedRoles())[PAT]).toBe('rep');
  });
});
