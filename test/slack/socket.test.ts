// Socket Mode: with SLACK_APP_TOKEN the door opens a WebSocket (found through
// apps.connections.open at SLACK_API_URL) and needs no public URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/adapters/log.js';
import { createSlackDoor, type SlackDoor } from '../../src/adapters/slack/app.js';
import { testApp, type TestApp } from '../support/app.js';
import { pgliteDb } from '../support/db.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';

let fake: FakeSlack;
let t: TestApp;
let door: SlackDoor;

beforeAll(async () => {
  fake = await startFakeSlack();
  t = await testApp(await pgliteDb());
  door = createSlackDoor({
    app: t.app,
    slack: { botToken: 'xoxb-test-token', signingSecret: undefined, appToken: 'xapp-1-test', apiUrl: fake.apiUrl },
    port: 0,
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
  });
  await door.start();
});
afterAll(async () => {
  await door?.stop();
  await fake?.close();
  await t?.close();
});

function envelope(id: string, text: string, responseId: string, retry = 0) {
  return {
    envelope_id: id,
    type: 'slash_commands',
    accepts_response_payload: true,
    retry_attempt: retry,
    retry_reason: retry ? 'timeout' : '',
    payload: {
      token: 'legacy',
      team_id: 'TSOCK',
      team_domain: 'socket-team',
      channel_id: 'C001',
      channel_name: 'sales',
      user_id: 'USOCK001',
      user_name: 'sock',
      command: '/deal',
      text,
      api_app_id: 'A1',
      response_url: fake.responseUrl(responseId),
      trigger_id: `trig.${responseId}`,
    },
  };
}

describe('Slack Socket Mode', () => {
  it('connects with the app token through the configured API base', () => {
    expect(door.mode).toBe('socket');
    expect(door.port).toBeUndefined();
    const open = fake.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.headers.authorization).toBe('Bearer xapp-1-test');
    expect(fake.socketCount()).toBe(1);
  });

  it('acks a slash command envelope first, then answers through response_url', async () => {
    const sent = Date.now();
    fake.sendEnvelope(envelope('env-1', 'new "Socket Corp" 5k', 'sock-1'));
    const answer = await fake.waitFor(() => fake.responsesTo('sock-1')[0], 30_000);
    const ack = fake.socketMessages.find((m) => m.message.envelope_id === 'env-1');
    expect(ack).toBeDefined();
    expect(ack!.at).toBeLessThanOrEqual(answer.at);
    expect(ack!.at - sent).toBeLessThan(3000);
    expect(JSON.stringify(answer.body.blocks)).toContain('Socket Corp');
    expect((await t.app.store.findDeal('slack:TSOCK', 'Socket Corp'))?.owner).toBe('USOCK001');
  });

  it('a redelivered envelope is acked but applied once', async () => {
    fake.sendEnvelope(envelope('env-1', 'new "Socket Corp" 5k', 'sock-1', 1));
    await fake.waitFor(() => fake.socketMessages.filter((m) => m.message.envelope_id === 'env-1').length === 2);
    await door.idle();
    expect(fake.responsesTo('sock-1')).toHaveLength(1);
  });
});

describe('Slack start-up', () => {
  it('refuses to start with a token Slack rejects, saying which setting to check', async () => {
    fake.authError = 'invalid_auth';
    try {
      const bad = createSlackDoor({
        app: t.app,
        slack: { botToken: 'xoxb-revoked', signingSecret: 'secret', appToken: undefined, apiUrl: fake.apiUrl },
        port: 0,
        host: '127.0.0.1',
        logger: createLogger('silent'),
      });
      await expect(bad.start()).rejects.toThrow(/SLACK_BOT_TOKEN \(auth.test: invalid_auth\)/);
      expect(bad.port).toBeUndefined();
      await bad.stop();
    } finally {
      fake.authError = undefined;
    }
  });
});
