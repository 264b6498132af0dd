// bin/stagecoach --workspace, `workspaces`, and the CLI through a running bot's control
// socket, as a user or a script runs them: separate processes, real databases.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/db/connect.js';
import { createStore } from '../../src/adapters/db/store.js';
import { defaultPipeline } from '../../src/core/pipeline.js';
import { postgresDb, TEST_DATABASE_URL } from '../support/db.js';

const BIN = join(import.meta.dirname, '../../bin/stagecoach');
const SLACK = 'slack:T0WS';

type Env = Record<string, string>;

function cli(env: Env, args: string[], input?: string) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent', ...env }, timeout: 240_000, input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(env: Env, args: string[]) {
  const r = cli(env, [...args, '--json']);
  const reply = JSON.parse(args[0] === 'export' ? r.stderr : r.stdout) as { ok: boolean; code?: string; text: string; data?: any };
  return { status: r.status, reply, stdout: r.stdout };
}

function csvFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'stagecoach-ws-csv-')), 'deals.csv');
  writeFileSync(file, text);
  return file;
}

interface Target {
  name: string;
  /** The CLI's environment, and a way to create the Slack workspace a chat message would. */
  setUp(): Promise<{ env: Env; done(): Promise<void> }>;
}

async function withSlackWorkspace(db: Awaited<ReturnType<typeof openDatabase>>): Promise<void> {
  await createStore(db.prisma, db.sql).ensureWorkspace({ id: SLACK, name: 'Acme Sales', locale: 'zh-CN', timezone: 'Asia/Shanghai' }, defaultPipeline());
}

const targets: Target[] = [
  {
    name: 'pglite',
    async setUp() {
      const dataDir = mkdtempSync(join(tmpdir(), 'stagecoach-ws-'));
      const db = await openDatabase({ kind: 'pglite', dataDir });
      await withSlackWorkspace(db);
      await db.close();
      return { env: { DATA_DIR: dataDir, DATABASE_URL: '' }, done: async () => {} };
    },
  },
  ...(TEST_DATABASE_URL
    ? [
        {
          name: 'postgres',
          async setUp() {
            const db = await postgresDb();
            await withSlackWorkspace(db);
            return { env: { DATABASE_URL: db.url, DATA_DIR: mkdtempSync(join(tmpdir(), 'stagecoach-ws-')) }, done: () => db.close() };
          },
        },
      ]
    : []),
];

describe.each(targets)('bin/stagecoach --workspace on $name', { timeout: 900_000 }, (target) => {
  let env: Env;
  let done: () => Promise<void>;
  beforeAll(async () => {
    ({ env, done } = await target.setUp());
  }, 300_000);
  afterAll(() => done());

  it('acts in the named workspace only: run, import, export, demo; workspaces lists each with its size', () => {
    expect(json(env, ['run', 'deal new "Local Deal" 10']).status).toBe(0);
    const created = json(env, ['run', 'deal new "Slack Deal" 20', '--workspace', SLACK]);
    expect(created.status).toBe(0);
    expect(created.reply.data.deal.name).toBe('Slack Deal');

    const imported = json(env, ['import', csvFile('name,stage,owner,amount\nImported Deal,lead,local,30\n'), '--workspace', SLACK]);
    expect(imported.reply).toMatchObject({ ok: true, data: { created: 1 } });

    const exported = cli(env, ['export', '--workspace', SLACK]);
    expect(exported.status).toBe(0);
    expect(exported.stdout).toContain('Slack Deal');
    expect(exported.stdout).toContain('Imported Deal');
    expect(exported.stdout).not.toContain('Local Deal');
    expect(cli(env, ['export']).stdout).not.toContain('Slack Deal');

    const demo = json(env, ['demo', '--workspace', SLACK]);
    expect(demo.reply.code).toBe('DUPLICATE'); // the demo loads into empty workspaces only: checked in the Slack one

    const list = json(env, ['workspaces']);
    expect(list.status).toBe(0);
    const byId = Object.fromEntries(list.reply.data.workspaces.map((w: { id: string }) => [w.id, w]));
    expect(byId[SLACK]).toMatchObject({ name: 'Acme Sales', platform: 'slack', deals: 2, locale: 'zh-CN', timezone: 'Asia/Shanghai' });
    expect(byId.local).toMatchObject({ platform: 'local', deals: 1 });
  });

  it('answers an unknown workspace with USAGE (exit 2) listing the known ones, and refuses --workspace on backup', () => {
    const unknown = json(env, ['run', 'deal list', '--workspace', 'discord:404']);
    expect(unknown.status).toBe(2);
    expect(unknown.reply.code).toBe('USAGE');
    expect(unknown.reply.data.known).toEqual(expect.arrayContaining(['local', SLACK]));
    expect(json(env, ['export', '--workspace', 'slack:nope']).status).toBe(2);
    const backup = json(env, ['backup', join(tmpdir(), 'never.tar.gz'), '--workspace', SLACK]);
    expect(backup.status).toBe(2);
    expect(backup.reply.code).toBe('USAGE');
    expect(json(env, ['migrate', '--workspace', SLACK]).reply.code).toBe('USAGE');
  });

  it('--role applies in another workspace too: a rep there cannot import', () => {
    const r = json(env, ['import', csvFile('name,stage,owner,amount\nNope,lead,local,1\n'), '--workspace', SLACK, '--as', 'rita', '--role', 'rep']);
    expect(r.status).toBe(1);
    expect(r.reply.code).toBe('FORBIDDEN');
  });
});

async function startBot(env: Env): Promise<ChildProcess> {
  // The terminal chat runs until its input ends: stdin stays open while the test needs it.
  const bot = spawn(BIN, ['start'], { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, stdio: ['pipe', 'ignore', 'pipe'] });
  const deadline = Date.now() + 240_000;
  while (!existsSync(join(env.DATA_DIR ?? '', 'control.sock'))) {
    if (Date.now() > deadline || bot.exitCode !== null) throw new Error('the bot did not open its control socket');
    await new Promise((r) => setTimeout(r, 200));
  }
  return bot;
}

describe('bin/stagecoach beside the running bot (PGlite)', { timeout: 900_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'stagecoach-bot-'));
  const env: Env = { DATA_DIR: dataDir, DATABASE_URL: '' };
  const csv = csvFile('name,stage,owner,amount\nBeside Bot,lead,local,40\n');
  let bot: ChildProcess;
  let before: { show: string; exportDeals: string; history: string };

  beforeAll(async () => {
    expect(json(env, ['run', 'deal new "Acme Corp" 120000']).status).toBe(0);
    before = {
      show: cli(env, ['run', 'deal show "Acme Corp"', '--json']).stdout,
      exportDeals: cli(env, ['export']).stdout,
      history: cli(env, ['export', 'history']).stdout,
    };
    bot = await startBot(env);
  }, 600_000);
  afterAll(async () => {
    bot.stdin?.end();
    if (bot.exitCode === null) await new Promise((r) => bot.once('exit', r));
  });

  it('answers run and export through the bot exactly as without it', () => {
    expect(cli(env, ['run', 'deal show "Acme Corp"', '--json']).stdout).toBe(before.show);
    expect(cli(env, ['export']).stdout).toBe(before.exportDeals);
    expect(cli(env, ['export', 'history']).stdout).toBe(before.history);
    expect(json(env, ['run', 'deal mvoe x']).status).toBe(2);
  });

  it('keeps the permissions: a rep cannot import, a manager can; the socket is its owner\'s only', () => {
    const rep = json(env, ['import', csv, '--as', 'rita', '--role', 'rep']);
    expect(rep.status).toBe(1);
    expect(rep.reply.code).toBe('FORBIDDEN');
    const manager = json(env, ['import', csv, '--as', 'mona', '--role', 'manager']);
    expect(manager.reply).toMatchObject({ ok: true, data: { created: 1 } });
    expect(json(env, ['run', 'deal show "Beside Bot"']).reply.data.deal.owner).toBe('local');
    expect(cli(env, ['import', '-'], 'name\n').status).toBe(2);
    const list = json(env, ['workspaces']);
    expect(list.reply.data.workspaces[0]).toMatchObject({ id: 'local', deals: 2 });
  });

  it('is what answers: commands work while the data directory is locked by the bot', () => {
    // Without the socket the same command answers LOCKED: the bot holds PGlite's lock.
    expect(json(env, ['run', 'deal list all']).status).toBe(0);
    expect(json(env, ['migrate']).reply.code).toBe('LOCKED');
  });
});

describe('bin/stagecoach when the bot stops mid-request', { timeout: 300_000 }, () => {
  it('reports UNAVAILABLE with exit 1', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stagecoach-gone-'));
    const path = join(dataDir, 'control.sock');
    // A bot that takes the request and goes away before answering.
    const server = createServer((socket) => socket.once('data', () => socket.destroy()));
    await new Promise<void>((r) => server.listen(path, r));
    chmodSync(path, 0o600);
    try {
      const r = await new Promise<{ status: number | null; stdout: string }>((resolve) => {
        const child = spawn(BIN, ['run', 'deal list', '--json'], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' } });
        let stdout = '';
        child.stdout.on('data', (c) => (stdout += c));
        child.on('exit', (status) => resolve({ status, stdout }));
      });
      expect(r.status).toBe(1);
      expect(JSON.parse(r.stdout).code).toBe('UNAVAILABLE');
    } finally {
      server.close();
    }
  });
});
