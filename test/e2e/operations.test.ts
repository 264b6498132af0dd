// `bin/stagecoach start` as a real process behind a fake Slack: health endpoints,
// secrets kept out of logs, commands working while Redis is down, and a clean exit
// on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandBody, slackPost, startFakeSlack, type FakeSlack } from '../support/fake-slack.js';

const BIN = join(import.meta.dirname, '../../bin/stagecoach');
const SECRETS = { bot: 'xoxb-super-secret-bot-token-4242', signing: 'signing-secret-do-not-log-9393' };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('a running bot', { timeout: 300_000 }, () => {
  let slack: FakeSlack;
  let port: number;
  let child: ReturnType<typeof spawn>;
  let stdout = '';
  let stderr = '';

  beforeAll(async () => {
    slack = await startFakeSlack();
    port = await freePort();
    const deadRedis = await freePort(); // nothing listens there: Redis is "down"
    child = spawn(BIN, ['start'], {
      env: {
        ...process.env,
        DATA_DIR: mkdtempSync(join(tmpdir(), 'stagecoach-ops-')),
        DATABASE_URL: '',
        LOG_LEVEL: 'debug',
        PORT: String(port),
        SLACK_BOT_TOKEN: SECRETS.bot,
        SLACK_SIGNING_SECRET: SECRETS.signing,
        SLACK_API_URL: slack.apiUrl,
        REDIS_URL: `redis://127.0.0.1:${deadRedis}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (b) => (stdout += b));
    child.stderr?.on('data', (b) => (stderr += b));
    const started = Date.now();
    while (!stderr.includes('stagecoach started')) {
      if (Date.now() - started > 120_000 || child.exitCode !== null) throw new Error(`bot did not start:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  });
  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await slack.close();
  });

  it('answers /healthz, and /readyz names Redis as unreachable while the database is fine', async () => {
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ok: false, database: 'ok', redis: 'unreachable' });
  });

  it('keeps handling commands while Redis is down', async () => {
    const body = commandBody({ command: '/deal', text: 'new "Ops Check" 1000', responseUrl: slack.responseUrl('ops1'), team: 'T777' });
    const r = await slackPost(`http://127.0.0.1:${port}/slack/events`, body, { secret: SECRETS.signing });
    expect(r.status).toBe(200);
    const answer = await slack.waitFor(() => slack.responsesTo('ops1')[0], 60_000);
    expect(JSON.stringify(answer.body)).toContain('Ops Check');
  });

  it('never writes a token or secret to its logs', () => {
    const logs = stdout + stderr;
    expect(logs.length).toBeGreaterThan(100);
    expect(logs).not.toContain(SECRETS.bot);
    expect(logs).not.toContain(SECRETS.signing);
  });

  it('stops on SIGTERM with exit code 0', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
