// `npm run bench:cli`: how long `bin/stagecoach run "deal show X" --json` takes, against a
// running bot (through its control socket) and without one (PGlite opened from a warm data
// directory), beside the floor `node -e 0` measured in the same run. The machine may be
// shared: the load average is printed, and ratios to the floor compare across runs.
// BENCH_RUNS (default 9) sets the runs per case; BENCH_TSX=1 adds the uncompiled tsx path.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '../bin/stagecoach');
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const dataDir = mkdtempSync(join(tmpdir(), 'stagecoach-bench-cli-'));
const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' };

function timed(command: string, args: string[], extraEnv: Record<string, string> = {}): number {
  const started = performance.now();
  const r = spawnSync(command, args, { env: { ...env, ...extraEnv }, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr}${r.stdout}`);
  return ms;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

interface Row {
  name: string;
  p50: number;
  p90: number;
}

function measure(name: string, run: () => number, runs = RUNS): Row {
  run(); // warm: the page cache, dist/ freshness check, PGlite's files
  const times = Array.from({ length: runs }, run).sort((a, b) => a - b);
  return { name, p50: percentile(times, 50), p90: percentile(times, 90) };
}

const show = ['run', 'deal show X', '--json'];
timed(BIN, ['run', 'deal new X 100', '--json']);
const rows: Row[] = [];
const floor = measure('node -e 0 (floor)', () => timed(process.execPath, ['-e', '0']));
rows.push(floor);
rows.push(measure('run, no bot (PGlite, warm)', () => timed(BIN, show)));
if (process.env.BENCH_TSX === '1') rows.push(measure('run, no bot, tsx (not compiled)', () => timed(BIN, show, { STAGECOACH_TSX: '1' }), 3));

const bot = spawn(BIN, ['start'], { env: { ...env, LOG_LEVEL: 'silent' }, stdio: ['pipe', 'ignore', 'inherit'] });
try {
  const deadline = Date.now() + 120_000;
  while (!existsSync(join(dataDir, 'control.sock'))) {
    if (Date.now() > deadline) throw new Error('the bot did not open its control socket in 2 minutes');
    await new Promise((r) => setTimeout(r, 200));
  }
  rows.push(measure('run, through the running bot', () => timed(BIN, show)));
} finally {
  bot.stdin.end(); // the terminal chat stops at end of input
  await new Promise((r) => bot.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}

const load = loadavg().map((l) => l.toFixed(1)).join(' ');
console.log(`bin/stagecoach run "deal show X" --json, ${RUNS} runs per case; load average ${load}`);
console.log('case'.padEnd(36), 'p50 ms'.padStart(8), 'p90 ms'.padStart(8), 'p50/floor'.padStart(10));
for (const r of rows) {
  console.log(r.name.padEnd(36), r.p50.toFixed(0).padStart(8), r.p90.toFixed(0).padStart(8), (r.p50 / floor.p50).toFixed(1).padStart(10));
}
console.log('targets: through the bot p50 ≤ 300 ms; no bot p50 ≤ 1500 ms');
