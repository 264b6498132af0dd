// Ack benchmark: how long Slack waits for the acknowledgement of a slash command, and
// for the answer on its response_url, from Stagecoach (HTTP mode, on PGlite and on
// PostgreSQL) next to a bare Bolt app (bench/ack-bolt.ts). Each runs in its own process
// against the same fake Slack (test/support/fake-slack.ts), which this process serves.
//
//   npm run bench:ack                       # 150 sequential commands, then 5 bursts of 20
//   npm run bench:ack -- --db pglite        # or postgres; --sequential 150 --bursts 5 --burst 20
//
// PostgreSQL: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else
// postgres://postgres@127.0.0.1:5432/postgres (a fresh database sc_ack_<random>, dropped after).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { commandBody, slackPost, startFakeSlack, type FakeSlack } from '../test/support/fake-slack.js';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'pglite,postgres' },
    sequential: { type: 'string', default: '150' },
    bursts: { type: 'string', default: '5' },
    burst: { type: 'string', default: '20' },
  },
});
const SEQUENTIAL = Number(args.sequential);
const BURSTS = Number(args.bursts);
const BURST = Number(args.burst);
const DBS = new Set(args.db.split(','));
const SECRET = 'bench-signing-secret';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PG_BASE = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitUntil(probe: () => Promise<boolean>, what: string, ms = 300_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > until) throw new Error(`bench:ack: ${what} did not start`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Target {
  name: string;
  events: string;
  process: ChildProcess;
  cleanup(): Promise<void>;
}

async function startTarget(name: string, argv: string[], env: Record<string, string>, ready: (port: number) => Promise<boolean>, cleanup = async () => {}): Promise<Target> {
  const port = await freePort();
  const child = spawn(process.execPath, argv, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), SLACK_SIGNING_SECRET: SECRET, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitUntil(() => ready(port), name);
  return { name, events: `http://127.0.0.1:${port}/slack/events`, process: child, cleanup };
}

async function stop(t: Target): Promise<void> {
  const exited = new Promise((resolve) => t.process.once('exit', resolve));
  t.process.kill('SIGTERM');
  await exited;
  await t.cleanup();
}

interface Sample {
  ack: number;
  reply: number;
}

let seq = 0;
let deals = 0;

/** One signed /deal command; resolves when its answer has reached the fake's response_url. */
async function command(fake: FakeSlack, t: Target, user: string): Promise<Sample> {
  const id = `r${++seq}`;
  // A mix of writes and reads: every other command creates a deal, the others show a recent one.
  const text = seq % 2 === 0 || deals === 0 ? `new "Bench ${++deals}" 1000` : `show "Bench ${1 + (seq % deals)}"`;
  const sent = Date.now();
  const res = await slackPost(t.events, commandBody({ command: '/deal', text, user, responseUrl: fake.responseUrl(id) }), { secret: SECRET });
  if (res.status !== 200) throw new Error(`bench:ack: ${t.name} answered ${res.status}`);
  const answer = await fake.waitFor(() => fake.responsesTo(id)[0], 60_000);
  return { ack: res.ms, reply: answer.at - sent };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

interface Figures {
  name: string;
  sequential: Sample[];
  bursts: Sample[];
}

async function measure(fake: FakeSlack, t: Target): Promise<Figures> {
  const users = ['U_B1', 'U_B2', 'U_B3', 'U_B4', 'U_B5'];
  for (let i = 0; i < 10; i++) await command(fake, t, users[i % users.length] as string); // warm-up
  const sequential: Sample[] = [];
  for (let i = 0; i < SEQUENTIAL; i++) sequential.push(await command(fake, t, users[i % users.length] as string));
  const bursts: Sample[] = [];
  for (let b = 0; b < BURSTS; b++) {
    bursts.push(...(await Promise.all(Array.from({ length: BURST }, (_, i) => command(fake, t, users[i % users.length] as string)))));
    await new Promise((r) => setTimeout(r, 300));
  }
  return { name: t.name, sequential, bursts };
}

function row(f: Figures, base: Figures | undefined): string {
  const cell = (samples: Sample[], baseSamples: Sample[] | undefined, key: keyof Sample, p: number) => {
    const v = percentile(samples.map((s) => s[key]), p);
    const b = baseSamples && percentile(baseSamples.map((s) => s[key]), p);
    return `${v.toFixed(0).padStart(5)}${b && f !== base ? ` (${(v / b).toFixed(1)}×)` : '       '}`;
  };
  return [
    f.name.padEnd(22),
    cell(f.sequential, base?.sequential, 'ack', 50),
    cell(f.sequential, base?.sequential, 'ack', 99),
    cell(f.sequential, base?.sequential, 'reply', 50),
    cell(f.sequential, base?.sequential, 'reply', 99),
    cell(f.bursts, base?.bursts, 'ack', 50),
    cell(f.bursts, base?.bursts, 'ack', 99),
    cell(f.bursts, base?.bursts, 'reply', 50),
    cell(f.bursts, base?.bursts, 'reply', 99),
  ].join('  ');
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_BASE });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const readyz = async (port: number) => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200;
const listening = async (port: number) => (await fetch(`http://127.0.0.1:${port}/`)).status > 0;

const fake = await startFakeSlack();
const botEnv = { SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_API_URL: fake.apiUrl };
const results: Figures[] = [];
try {
  const bolt = await startTarget('bare Bolt', ['--import', 'tsx', 'bench/ack-bolt.ts'], { SLACK_API_URL: fake.apiUrl }, listening);
  results.push(await measure(fake, bolt));
  await stop(bolt);
  if (DBS.has('pglite')) {
    const dataDir = mkdtempSync(join(tmpdir(), 'stagecoach-ack-'));
    const bot = await startTarget('Stagecoach, PGlite', ['bin/stagecoach', 'start'], { ...botEnv, DATA_DIR: dataDir }, readyz, async () => rmSync(dataDir, { recursive: true, force: true }));
    results.push(await measure(fake, bot));
    await stop(bot);
  }
  if (DBS.has('postgres')) {
    const name = `sc_ack_${randomBytes(5).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    const url = new URL(PG_BASE);
    url.pathname = `/${name}`;
    const bot = await startTarget('Stagecoach, PostgreSQL', ['bin/stagecoach', 'start'], { ...botEnv, DATABASE_URL: url.toString() }, readyz, () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    results.push(await measure(fake, bot));
    await stop(bot);
  }
} finally {
  await fake.close();
}

const base = results[0];
console.log(`\n${SEQUENTIAL} sequential /deal commands, then ${BURSTS} bursts of ${BURST} concurrent (new/show mix); ms, × = ratio to bare Bolt`);
console.log(`${''.padEnd(22)}  ${['ack p50 seq', 'ack p99 seq', 'reply p50 seq', 'reply p99 seq', 'ack p50 bur', 'ack p99 bur', 'reply p50 bur', 'reply p99 bur'].map((h) => h.padEnd(12)).join('  ')}`);
for (const f of results) console.log(row(f, base));
if (base) {
  const checks: string[] = [];
  for (const f of results.slice(1)) {
    const ratio = (s: Sample[], b: Sample[]) => percentile(s.map((x) => x.ack), 99) / percentile(b.map((x) => x.ack), 99);
    checks.push(`${f.name}: ack p99 ${ratio(f.sequential, base.sequential).toFixed(1)}× sequential, ${ratio(f.bursts, base.bursts).toFixed(1)}× bursts (target ≤ 1.5×); reply p99 in bursts ${percentile(f.bursts.map((x) => x.reply), 99).toFixed(0)} ms (target ≤ ${f.name.includes('PGlite') ? 500 : 300} ms)`);
  }
  console.log(checks.join('\n'));
}
