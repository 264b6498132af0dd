// deploy/: the systemd units, the Dockerfile and compose.yaml run commands, settings and
// health checks that exist. No Docker engine or systemd runs in the tests, so what they
// start is checked against the real CLI, the real settings schema and a real bot process
// (Slack in Socket Mode and Discord at once, behind the fake platforms).
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { parseOrThrow } from '../../src/core/parser/dispatch.js';
import { FakeDiscord, MANAGE_GUILD, snowflake, type FakeUser } from '../support/fake-discord.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/stagecoach');
const HEALTHCHECK = join(ROOT, 'deploy/healthcheck.mjs');
const run = promisify(execFile);
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

// --- the subset of YAML compose.yaml is written in --------------------------------------
// Block mappings and sequences, flow sequences in JSON syntax, plain or double-quoted
// scalars, whole-line comments. Anything else throws, so the file cannot drift into
// syntax this reader would misread.
type Yaml = string | null | Yaml[] | { [key: string]: Yaml };
interface Line {
  indent: number;
  text: string;
  no: number;
}

function scalar(raw: string, no: number): Yaml {
  const v = raw.trim();
  if (v === '') return null;
  if (v.startsWith('[') || v.startsWith('"')) return JSON.parse(v) as Yaml;
  if (/^[&*!|>'{]|\s#/.test(v)) throw new Error(`compose.yaml line ${no}: unsupported YAML: ${v}`);
  return v;
}

function block(lines: Line[], at: { i: number }, indent: number): Yaml {
  const first = lines[at.i];
  if (!first || first.indent < indent) return null;
  if (first.text.startsWith('- ')) {
    const items: Yaml[] = [];
    while (lines[at.i]?.indent === first.indent && lines[at.i]!.text.startsWith('- ')) {
      const line = lines[at.i++]!;
      items.push(scalar(line.text.slice(2), line.no));
    }
    return items;
  }
  const map: Record<string, Yaml> = {};
  while (lines[at.i]?.indent === first.indent) {
    const line = lines[at.i++]!;
    const m = /^([\w.-]+):(?:\s+(.*))?$/.exec(line.text);
    if (!m) throw new Error(`compose.yaml line ${line.no}: expected "key: value": ${line.text}`);
    map[m[1]!] = m[2] === undefined ? block(lines, at, first.indent + 1) : scalar(m[2], line.no);
  }
  if (lines[at.i] && lines[at.i]!.indent > first.indent) throw new Error(`compose.yaml line ${lines[at.i]!.no}: bad indentation`);
  return map;
}

function parseYaml(text: string): Yaml {
  const lines = text
    .split('\n')
    .map((raw, i) => ({ indent: raw.length - raw.trimStart().length, text: raw.trim(), no: i + 1 }))
    .filter((l) => l.text !== '' && !l.text.startsWith('#'));
  const at = { i: 0 };
  const doc = block(lines, at, 0);
  if (at.i !== lines.length) throw new Error(`compose.yaml line ${lines[at.i]!.no}: not read`);
  return doc;
}

/** `${NAME:-default}` as compose interpolates it when NAME is unset. */
const interpolate = (v: string) => v.replace(/\$\{\w+:-([^}]*)\}/g, '$1');

// --- systemd units ---------------------------------------------------------------------
function parseUnit(text: string): Record<string, Record<string, string[]>> {
  const sections: Record<string, Record<string, string[]>> = {};
  let section: Record<string, string[]> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const head = /^\[(\w+)\]$/.exec(line);
    if (head) {
      section = sections[head[1]!] ??= {};
      continue;
    }
    const eq = line.indexOf('=');
    if (!section || eq < 1) throw new Error(`unit: unexpected line: ${line}`);
    (section[line.slice(0, eq)] ??= []).push(line.slice(eq + 1));
  }
  return sections;
}

const settingNames = (): Set<string> => new Set([...read('src/config.ts').matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!));

let cliCommands: Set<string>;
beforeAll(async () => {
  const { stdout } = await run(BIN, ['help'], { cwd: ROOT });
  cliCommands = new Set([...stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]!));
  expect(cliCommands).toContain('start'); // the reader of the usage text still works
}, 60_000);

describe('systemd units', () => {
  const units = { bot: parseUnit(read('deploy/stagecoach.service')), worker: parseUnit(read('deploy/stagecoach-worker@.service')) };

  it.each(Object.entries(units))('%s: runs an existing subcommand of bin/stagecoach in its working directory', (name, unit) => {
    const service = unit.Service!;
    const [node, bin, sub, ...rest] = service.ExecStart![0]!.split(' ');
    expect(node).toMatch(/^\/.*\/node$/);
    expect(bin).toBe(`${service.WorkingDirectory![0]}/bin/stagecoach`);
    expect(sub).toBe(name === 'bot' ? 'start' : 'worker');
    expect(cliCommands).toContain(sub);
    expect(rest).toEqual([]);
  });

  it.each(Object.entries(units))('%s: a dedicated user, settings file, DATA_DIR in its state directory, restart on failure, SIGTERM', (_name, unit) => {
    const s = unit.Service!;
    expect(s.User).toEqual(['stagecoach']);
    expect(s.EnvironmentFile).toEqual(['/etc/stagecoach/env']);
    const env = Object.fromEntries(s.Environment!.map((e) => e.split('=') as [string, string]));
    for (const name of Object.keys(env)) expect(settingNames()).toContain(name);
    expect(env.DATA_DIR).toBe(`/var/lib/${s.StateDirectory![0]}`);
    expect(s.ReadWritePaths).toEqual([env.DATA_DIR]);
    expect(s.ProtectSystem).toEqual(['strict']);
    expect(s.NoNewPrivileges).toEqual(['yes']);
    expect(s.Restart).toEqual(['on-failure']);
    expect(s.KillSignal).toEqual(['SIGTERM']);
    expect(s.RestartPreventExitStatus).toEqual(['2']);
    expect(loadConfig(env).dataDir).toBe('/var/lib/stagecoach');
  });

  it('exit code 2, which the units do not restart on, is what a bad setting gives', () => {
    const r = spawnSync(BIN, ['start'], { cwd: ROOT, env: { ...process.env, DEFAULT_TIMEZONE: 'Mars/Olympus' }, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('DEFAULT_TIMEZONE');
  });

  const analyze = spawnSync('systemd-analyze', ['--version']).status === 0;
  it.skipIf(!analyze)('pass systemd-analyze verify', () => {
    const worker = join(mkdtempSync(join(tmpdir(), 'stagecoach-units-')), 'stagecoach-worker@1.service');
    spawnSync('cp', [join(ROOT, 'deploy/stagecoach-worker@.service'), worker]);
    const r = spawnSync('systemd-analyze', ['verify', join(ROOT, 'deploy/stagecoach.service'), worker], { encoding: 'utf8' });
    expect(r.stderr + r.stdout).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('deploy/Dockerfile').replace(/\\\n/g, ' ');
  const instructions = dockerfile
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => /^(\w+)\s+(.*)$/.exec(l)!.slice(1) as [string, string]);
  const all = (op: string) => instructions.filter(([o]) => o === op).map(([, args]) => args);
  const only = (op: string) => {
    const found = all(op);
    expect(found).toHaveLength(1);
    return found[0]!;
  };

  it('builds on Node 20 with npm ci as its only download, and runs as a non-root user', () => {
    expect(only('FROM')).toMatch(/^node:20[-.\w]*$/);
    expect(JSON.parse(read('package.json')).engines.node).toBe('>=20.19');
    expect(all('RUN').some((r) => /\bnpm ci\b/.test(r))).toBe(true);
    expect(all('RUN').join(' ')).not.toMatch(/\b(curl|wget|apt-get|git clone)\b/);
    // npm 10 runs @prisma/engines' install script: these keep it from downloading engines.
    const install = all('RUN').find((r) => /\bnpm ci\b/.test(r))!;
    expect(install).toContain('PRISMA_SCHEMA_ENGINE_BINARY=/app/package.json');
    expect(install).toContain('PRISMA_QUERY_ENGINE_LIBRARY=/app/package.json');
    expect(only('WORKDIR')).toBe('/app');
    expect(only('USER')).not.toMatch(/^(root|0)$/);
  });

  it('copies only paths that exist, never the whole folder (a .env or data/ would go along)', () => {
    const ignore = read('deploy/Dockerfile.dockerignore');
    for (const args of all('COPY')) {
      const sources = args.split(/\s+/).slice(0, -1);
      for (const source of sources) {
        expect(source).not.toBe('.');
        expect(existsSync(join(ROOT, source)), source).toBe(true);
        expect(ignore.split('\n'), `${source} is let through the ignore file`).toContain(`!${source}${source.includes('.') ? '' : '/'}`);
      }
    }
    for (const secret of ['**/.env', '**/node_modules']) expect(ignore.split('\n')).toContain(secret);
  });

  it('starts `bin/stagecoach start` as PID 1, with its data directory as a volume', () => {
    expect(JSON.parse(only('ENTRYPOINT'))).toEqual(['node', 'bin/stagecoach']);
    const [sub] = JSON.parse(only('CMD')) as string[];
    expect(cliCommands).toContain(sub);
    const env = Object.fromEntries([...only('ENV').matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
    for (const name of Object.keys(env)) expect(settingNames()).toContain(name);
    expect(JSON.parse(only('VOLUME'))).toEqual([env.DATA_DIR]);
    expect(only('EXPOSE')).toBe(env.PORT);
  });

  it('checks health with deploy/healthcheck.mjs, which the image contains', () => {
    expect(only('HEALTHCHECK')).toMatch(/CMD \["node", "deploy\/healthcheck\.mjs"\]$/);
    expect(all('COPY')).toContain('deploy/healthcheck.mjs ./deploy/healthcheck.mjs');
  });
});

describe('compose.yaml', () => {
  const compose = parseYaml(read('deploy/compose.yaml')) as Record<string, any>;
  const services = compose.services as Record<string, any>;

  it('has PostgreSQL, Redis, the bot and a worker, on one image built from deploy/Dockerfile', () => {
    expect(Object.keys(services).sort()).toEqual(['bot', 'postgres', 'redis', 'worker']);
    expect(services.bot.build).toEqual({ context: '..', dockerfile: 'deploy/Dockerfile' });
    expect(services.worker.image).toBe(services.bot.image);
    expect(cliCommands).toContain(services.bot.command[0]);
    expect(services.bot.command).toEqual(['start']);
    expect(services.worker.command).toEqual(['worker']);
  });

  it.each(['bot', 'worker'])('%s: settings from the .env bin/stagecoach reads, and a valid scaled-mode configuration', (name) => {
    const s = services[name];
    expect(join(ROOT, 'deploy', s.env_file)).toBe(join(ROOT, '.env'));
    const env = Object.fromEntries(Object.entries(s.environment as Record<string, string>).map(([k, v]) => [k, interpolate(v)]));
    for (const key of Object.keys(env)) expect(settingNames()).toContain(key);
    const config = loadConfig(env);
    expect(new URL(config.databaseUrl!).hostname).toBe('postgres');
    expect(new URL(config.redisUrl!).hostname).toBe('redis');
    const password = interpolate(services.postgres.environment.POSTGRES_PASSWORD);
    expect(new URL(config.databaseUrl!).password).toBe(password);
  });

  it('starts the bot and the worker only once PostgreSQL and Redis pass their health checks', () => {
    for (const name of ['bot', 'worker']) {
      for (const dep of ['postgres', 'redis']) {
        expect(services[name].depends_on[dep]).toEqual({ condition: 'service_healthy' });
        expect(services[dep].healthcheck.test[0]).toBe('CMD');
      }
    }
    // The worker serves no HTTP: the image's /healthz check would only ever fail there.
    expect(services.worker.healthcheck).toEqual({ disable: 'true' });
    expect(services.bot.healthcheck).toBeUndefined();
  });

  it('keeps the databases in named volumes', () => {
    const declared = Object.keys(compose.volumes);
    for (const dep of ['postgres', 'redis']) {
      const [volume] = (services[dep].volumes[0] as string).split(':');
      expect(declared).toContain(volume);
    }
  });
});

describe('docs/rollout: every chat command the guides show exists', () => {
  // Plain code blocks hold commands, one a line; indented lines are sample output.
  function commandsOf(text: string): string[] {
    const commands: string[] = [];
    let fence: string | undefined; // the open block's language, '' for a plain block
    for (const line of text.split('\n')) {
      const mark = /^```(\w*)$/.exec(line);
      if (mark) fence = fence === undefined ? mark[1] : undefined;
      else if (fence === '' && /^[a-z\u4e00-\u9fff]/.test(line)) commands.push(line.replace(/\s+#\s.*$/, '').trim());
    }
    return commands;
  }

  it.each(['docs/rollout.md', 'docs/rollout.zh-CN.md'])('%s', (file) => {
    const commands = commandsOf(read(file));
    expect(commands.length).toBeGreaterThanOrEqual(25);
    for (const command of commands) expect(() => parseOrThrow(command), command).not.toThrow();
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const healthcheck = (port: number) =>
  spawnSync(process.execPath, [HEALTHCHECK], { env: { PATH: process.env.PATH, PORT: String(port) }, encoding: 'utf8', timeout: 15_000 });

describe('the bot as deployed: Slack and Discord in one process', { timeout: 300_000 }, () => {
  let slack: FakeSlack;
  let discord: FakeDiscord;
  let port: number;
  let child: ReturnType<typeof spawn>;
  let logs = '';
  const admin: FakeUser = { id: snowflake(), username: 'ada', permissions: MANAGE_GUILD };

  beforeAll(async () => {
    [slack, discord, port] = await Promise.all([startFakeSlack(), FakeDiscord.start(), freePort()]);
    slack.users.set('UADMIN', { name: 'ada', is_admin: true });
    child = spawn(BIN, ['start'], {
      env: {
        ...process.env,
        DATA_DIR: mkdtempSync(join(tmpdir(), 'stagecoach-deploy-')),
        DATABASE_URL: '',
        REDIS_URL: '',
        PORT: String(port),
        SLACK_BOT_TOKEN: 'xoxb-deploy-test',
        SLACK_APP_TOKEN: 'xapp-deploy-test',
        SLACK_SIGNING_SECRET: '',
        SLACK_API_URL: slack.apiUrl,
        DISCORD_TOKEN: discord.token,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_API_URL: discord.apiUrl,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr?.on('data', (b) => (logs += b));
    const started = Date.now();
    while (!logs.includes('stagecoach started')) {
      if (Date.now() - started > 120_000 || child.exitCode !== null) throw new Error(`bot did not start:\n${logs}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  });
  afterAll(async () => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    await Promise.all([slack?.close(), discord?.close()]);
  });

  const logLines = () =>
    logs
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { msg: string; [k: string]: unknown });

  it('logs each platform connecting, then both front doors', () => {
    const msgs = logLines().map((l) => l.msg);
    expect(msgs).toContain('slack front door connected (Socket Mode)');
    expect(msgs).toContain('discord connected');
    const started = logLines().find((l) => l.msg === 'stagecoach started')!;
    expect(started).toMatchObject({ database: 'pglite', frontDoors: ['slack', 'discord'], jobs: 'in-process' });
  });

  it('passes the container health check on PORT', () => {
    const r = healthcheck(port);
    expect(r.status, r.stdout).toBe(0);
  });

  const slash = (command: string, text: string, id: string) =>
    slack.sendEnvelope({
      envelope_id: `env-${id}`,
      type: 'slash_commands',
      accepts_response_payload: true,
      retry_attempt: 0,
      retry_reason: '',
      payload: { team_id: 'TDEPLOY', channel_id: 'CSALES', user_id: 'UADMIN', command, text, response_url: slack.responseUrl(id), trigger_id: `trig.${id}` },
    });

  it('Slack: /deal help answers with the deal commands', async () => {
    slash('/deal', 'help', 'help');
    const help = await slack.waitFor(() => slack.responsesTo('help')[0], 60_000);
    expect(JSON.stringify(help.body)).toContain('deal move');
  });

  // The README's way to subscribe a channel to the digest on each platform: the channel
  // the command came from is the one subscribed.
  it('Slack: /stagecoach digest subscribe subscribes the channel', async () => {
    slash('/stagecoach', 'digest subscribe', 'sub');
    await slack.waitFor(() => slack.responsesTo('sub')[0], 60_000);
    slash('/stagecoach', 'digest status', 'status');
    const status = await slack.waitFor(() => slack.responsesTo('status')[0], 60_000);
    expect(JSON.stringify(status.body)).toContain('slack:CSALES');
  });

  const discordAnswer = async (options: Record<string, string>) => {
    const sent = discord.deliver(discord.chatInput({ user: admin, command: 'stagecoach', options }));
    const cb = await discord.callbackOf(sent, 60_000);
    if (cb.type !== 5) return cb.data;
    return (await discord.waitFor(() => discord.webhooksOf(sent).find((w) => w.kind === 'edit'), 60_000, 'deferred reply')).body;
  };

  it('Discord: /stagecoach alone answers with the help', async () => {
    expect(JSON.stringify(await discordAnswer({}))).toContain('deal move');
  });

  it('Discord: /stagecoach command:digest subscribe subscribes the channel', async () => {
    const answer = (command: string) => discordAnswer({ command });
    await answer('digest subscribe');
    const status = await answer('digest status');
    expect(JSON.stringify(status)).toContain(`discord:${discord.channelOf(discord.guild)}`);
  });

  it('stops on SIGTERM with exit code 0, and the health check then fails', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const r = healthcheck(port);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('did not answer');
  });
});
