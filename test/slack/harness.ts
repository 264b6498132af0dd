// One Slack front door in HTTP mode on 127.0.0.1, wired to a real PGlite database and
// to the fake Slack API; helpers to send signed slash commands and interactions.
import type { Database } from '../../src/adapters/db/connect.js';
import { createLogger } from '../../src/adapters/log.js';
import { createSlackDoor, type SlackDoor } from '../../src/adapters/slack/app.js';
import type { IdentityCacheOptions } from '../../src/adapters/slack/identity.js';
import type { App } from '../../src/app.js';
import { testApp, type TestApp } from '../support/app.js';
import { pgliteDb } from '../support/db.js';
import { commandBody, payloadBody, slackPost, startFakeSlack, type FakeSlack, type PostResult } from '../support/fake-slack.js';

export const SECRET = 'test-signing-secret';
export const TEAM = 'T123';
export const WS = `slack:${TEAM}`;

export interface Harness {
  fake: FakeSlack;
  db: Database;
  t: TestApp;
  door: SlackDoor;
  /** http://127.0.0.1:PORT/slack/events */
  events: string;
  /** Sends a signed slash command; its answers arrive at fake.responsesTo(responseId). */
  command(command: string, text: string, opts?: { user?: string; team?: string; channel?: string; responseId?: string; triggerId?: string; headers?: Record<string, string> }): Promise<PostResult & { responseId: string }>;
  interact(payload: Record<string, unknown>, headers?: Record<string, string>): Promise<PostResult>;
  close(): Promise<void>;
}

let seq = 0;

export interface HarnessOptions {
  wrap?: (app: App) => App;
  /** The database (default PGlite). */
  db?: () => Promise<Database>;
  roleCache?: IdentityCacheOptions;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await startFakeSlack();
  const db = await (options.db ?? pgliteDb)();
  const t = await testApp(db);
  const door = createSlackDoor({
    app: options.wrap ? options.wrap(t.app) : t.app,
    slack: { botToken: 'xoxb-test-token', signingSecret: SECRET, appToken: undefined, apiUrl: fake.apiUrl },
    port: 0,
    host: '127.0.0.1',
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    ...(options.roleCache && { roleCache: options.roleCache }),
  });
  await door.start();
  const events = `http://127.0.0.1:${door.port}/slack/events`;
  return {
    fake,
    db,
    t,
    door,
    events,
    async command(command, text, opts = {}) {
      const responseId = opts.responseId ?? `r${++seq}`;
      const body = commandBody({
        command,
        text,
        responseUrl: fake.responseUrl(responseId),
        ...(opts.user && { user: opts.user }),
        ...(opts.team && { team: opts.team }),
        ...(opts.channel && { channel: opts.channel }),
        ...(opts.triggerId && { triggerId: opts.triggerId }),
      });
      const res = await slackPost(events, body, { secret: SECRET, ...(opts.headers && { headers: opts.headers }) });
      return { ...res, responseId };
    },
    interact(payload, headers) {
      return slackPost(events, payloadBody(payload), { secret: SECRET, ...(headers && { headers }) });
    },
    async close() {
      await door.stop();
      await fake.close();
      await t.close();
    },
  };
}

/** Waits for the n-th answer posted to a response_url and returns its body. */
export async function answer(h: Harness, responseId: string, n = 1): Promise<Record<string, unknown>> {
  const r = await h.fake.waitFor(() => h.fake.responsesTo(responseId)[n - 1], 30_000);
  return r.body;
}

/** All mrkdwn/plain text in a message's blocks, for loose assertions. */
export function blockText(body: Record<string, unknown>): string {
  return JSON.stringify(body.blocks ?? []);
}

export function user(id: string) {
  return { id, username: id.toLowerCase(), name: id.toLowerCase(), team_id: TEAM };
}
