// npm run bench [-- --sizes 10k,100k,1m] (or BENCH_SIZES=10k,100k)
//
// For each size and database (PGlite always; PostgreSQL when BENCH_DATABASE_URL or
// TEST_DATABASE_URL is set, or postgres://postgres@127.0.0.1:5432/postgres answers):
// generate synthetic data in bulk (bench/generate.ts), then time funnel, metrics and
// winloss through the real use cases, each against one hand-written SQL statement
// computing the same numbers as its reply (bench/floor.ts), check every number, and
// sample the Node process's RSS. Each step runs in its own process (bench/case.ts).
// Prints a table; nothing here is a test.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/postgres';
const SIZES: Record<string, number> = { '10k': 10_000, '100k': 100_000, '1m': 1_000_000 };
/** Timed repetitions (after one warm-up) per size. */
const REPS: Record<string, number> = { '10k': 21, '100k': 7, '1m': 1 };
const TARGET_RATIO = 1.5;

interface GenResult {
  deals: number;
  events: number;
  contacts: number;
  seconds: number;
  problems: string[];
}

const COMMAND_NAMES = ['funnel', 'metrics', 'winloss'];

interface MeasureResult {
  /** Medians of the timed runs' sums over the three commands. */
  engineMs: number;
  floorMs: number;
  /** Medians per command (funnel, metrics, winloss). */
  commandMs: number[];
  floorCommandMs: number[];
  rssBeforeOpen: number;
  rssOpen: number;
  rssPeak: number;
  mismatches: string[];
}

interface Row {
  db: 'pglite' | 'postgres';
  size: string;
  gen: GenResult;
  m: MeasureResult;
}

/** `--name a,b`, `--name=a,b` or the environment variable. */
function option(name: string, env: string): string | undefined {
  const argv = process.argv.slice(2);
  const at = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (at >= 0) return argv[at]?.includes('=') ? argv[at].split('=')[1] : argv[at + 1];
  return process.env[env] || undefined;
}

function parseDbs(): Set<string> {
  const text = option('db', 'BENCH_DBS') ?? 'pglite,postgres';
  return new Set(text.split(',').map((s) => s.trim().toLowerCase()));
}

function parseSizes(): { sizes: string[]; explicit: boolean } {
  const text = option('sizes', 'BENCH_SIZES');
  if (!text) return { sizes: Object.keys(SIZES), explicit: false };
  const sizes = text.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const bad = sizes.filter((s) => !(s in SIZES));
  if (bad.length) {
    console.error(`unknown size ${bad.join(', ')}: use ${Object.keys(SIZES).join(', ')}`);
    process.exit(2);
  }
  return { sizes, explicit: true };
}

function child(args: string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/case.ts'), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      if (code !== 0 || !line) reject(new Error(`bench/case.ts ${args[0]} exited with ${code}\n${out}`));
      else resolve(JSON.parse(line.slice('BENCH_RESULT '.length)));
    });
  });
}

async function reachable(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The bench database's URL; BENCH_PG_OPTIONS (e.g. "-c jit=off") become session options of every connection. */
function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  if (process.env.BENCH_PG_OPTIONS) u.searchParams.set('options', process.env.BENCH_PG_OPTIONS);
  return u.toString();
}

async function benchSize(db: Row['db'], size: string, pgUrl: string | undefined): Promise<Row> {
  const events = SIZES[size] ?? 0;
  const reps = REPS[size] ?? 1;
  if (db === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'sc-bench-'));
    try {
      console.log(`… ${db} ${size}: generating`);
      const gen = (await child(['generate', `pglite:${dir}`, String(events)])) as GenResult;
      console.log(`… ${db} ${size}: ${gen.events} events loaded in ${gen.seconds.toFixed(1)} s; measuring (${reps}× after a warm-up)`);
      const m = (await child(['measure', `pglite:${dir}`, String(reps)])) as MeasureResult;
      return { db, size, gen, m };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (!pgUrl) throw new Error('no PostgreSQL URL');
  const name = `sc_bench_${randomBytes(4).toString('hex')}_${size}`;
  await admin(pgUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  try {
    const url = withDatabase(pgUrl, name);
    console.log(`… ${db} ${size}: generating into database ${name}`);
    const gen = (await child(['generate', url, String(events)])) as GenResult;
    console.log(`… ${db} ${size}: ${gen.events} events loaded in ${gen.seconds.toFixed(1)} s; measuring (${reps}× after a warm-up)`);
    const m = (await child(['measure', url, String(reps)])) as MeasureResult;
    return { db, size, gen, m };
  } finally {
    await admin(pgUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}

const mb = (b: number) => (b / 1024 / 1024).toFixed(0);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const ms = (t: number | undefined) => (t === undefined ? '—' : t.toFixed(0));
const times = (x: number) => `${x.toFixed(1)}×`;

/** engine ÷ floor per command (funnel, metrics, winloss), then the total. */
function ratios(m: MeasureResult): number[] {
  return [...m.commandMs.map((t, i) => t / (m.floorCommandMs[i] ?? NaN)), m.engineMs / m.floorMs];
}

function report(rows: Row[]): void {
  const header = ['db', 'size', 'events', 'deals', 'load s'];
  for (const c of [...COMMAND_NAMES, 'total']) header.push(`${c} ms (floor)`, `${c} ×`);
  header.push('ms/1k ev', 'growth', 'floor growth', 'RSS peak MB', 'RSS Δ MB', 'check');
  const body: string[][] = [];
  for (const r of rows) {
    const prev = [...rows].reverse().find((p) => p.db === r.db && p.gen.events < r.gen.events && rows.indexOf(p) < rows.indexOf(r));
    const per1k = r.m.engineMs / (r.gen.events / 1000);
    const growth = prev ? per1k / (prev.m.engineMs / (prev.gen.events / 1000)) : null;
    const floorGrowth = prev ? r.m.floorMs / r.gen.events / (prev.m.floorMs / prev.gen.events) : null;
    const engine = [...r.m.commandMs, r.m.engineMs];
    const floor = [...r.m.floorCommandMs, r.m.floorMs];
    body.push([
      r.db,
      r.size,
      String(r.gen.events),
      String(r.gen.deals),
      r.gen.seconds.toFixed(1),
      ...ratios(r.m).flatMap((x, i) => [`${ms(engine[i])} (${ms(floor[i])})`, times(x)]),
      per1k.toFixed(2),
      growth === null ? '—' : `${growth.toFixed(2)}×`,
      floorGrowth === null ? '—' : `${floorGrowth.toFixed(2)}×`,
      mb(r.m.rssPeak),
      mb(r.m.rssPeak - r.m.rssOpen),
      r.m.mismatches.length === 0 && r.gen.problems.length === 0 ? 'OK' : 'MISMATCH',
    ]);
  }
  console.log('');
  console.log(table(header, body));
  console.log('');
  console.log('ms = the command through app.run, (floor) = its floor: one hand-written SQL statement computing the same numbers');
  console.log('as the reply (bench/floor.ts): funnel: reached / lost / open per stage and the completed stays\' count, median');
  console.log('and p75; metrics: the counts, sales cycle, deal size and open pipeline with each stage\'s closed history; winloss:');
  console.log('won and closed per value of the ten default dimensions. Medians of the timed runs (engine and floor alternate);');
  console.log('× = engine ÷ floor; total = the three commands together. check = every number of the three replies equals the');
  console.log('floor\'s (counts exactly, floats within 1e-9; Wilson bounds, p and q are not recomputed) and the data is consistent.');
  console.log("growth = ms per 1k events ÷ the previous size's (1.00× = linear); floor growth = the same for the floor (the");
  console.log("database's own growth: percentiles sort, and larger sorts and hashes cost more per row);");
  console.log('RSS = this Node process (peak sampled during the runs; Δ over the RSS right after opening the database).');
  console.log('PostgreSQL runs the queries in its own server processes: its memory is not in these figures.');
  for (const r of rows) {
    for (const p of r.gen.problems) console.log(`MISMATCH ${r.db} ${r.size} data: ${p}`);
    for (const p of r.m.mismatches) console.log(`MISMATCH ${r.db} ${r.size} engine vs floor: ${p}`);
  }
  console.log('');
  console.log(
    `Targets: each command and the total within ${TARGET_RATIO}× of its floor; cost growing no faster than the data (growth ≤ ~1.2×); memory flat.`,
  );
  for (const db of ['pglite', 'postgres'] as const) {
    const mine = rows.filter((r) => r.db === db);
    if (mine.length === 0) continue;
    const worst = [...COMMAND_NAMES, 'total'].map((name, i) => ({ name, x: Math.max(...mine.map((r) => ratios(r.m)[i] ?? NaN)) }));
    const over = worst.filter((w) => !(w.x <= TARGET_RATIO));
    const growths = mine.slice(1).map((r, i) => {
      const p = mine[i] as Row;
      return r.m.engineMs / r.gen.events / (p.m.engineMs / p.gen.events);
    });
    const deltas = mine.map((r) => r.m.rssPeak - r.m.rssOpen);
    const growthOk = growths.every((g) => g <= 1.2);
    const memFirst = deltas[0] ?? 0;
    const memLast = deltas[deltas.length - 1] ?? 0;
    const memOk = memLast <= Math.max(memFirst * 2, memFirst + 64 * 1024 * 1024);
    console.log(
      `  ${db.padEnd(8)} ratio ≤ ${TARGET_RATIO}×: ${over.length === 0 ? 'met' : `NOT met (worst ${over.map((w) => `${w.name} ${times(w.x)}`).join(', ')})`}` +
        `${over.length > 0 && over.length < worst.length ? `, met for ${worst.filter((w) => !over.includes(w)).map((w) => w.name).join(', ')}` : ''}; ` +
        `growth: ${growths.length ? (growthOk ? 'met' : `NOT met (${growths.map((g) => `${g.toFixed(2)}×`).join(', ')})`) : 'n/a (one size)'}; ` +
        `memory flat: ${mine.length > 1 ? (memOk ? 'met' : `NOT met (RSS Δ ${deltas.map(mb).join(' → ')} MB)`) : 'n/a (one size)'}`,
    );
  }
}

async function main(): Promise<void> {
  const { sizes, explicit } = parseSizes();
  const dbs = parseDbs();
  const pgUrl = !dbs.has('postgres')
    ? undefined
    : process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || ((await reachable(DEFAULT_PG)) ? DEFAULT_PG : undefined);
  const plan: [Row['db'], string][] = [];
  for (const size of dbs.has('pglite') ? sizes : []) {
    if (size === '1m' && !explicit) {
      console.log('note: 1m on PGlite is skipped by default (about 6 more minutes on a 2-core machine, past the ~15 minute budget); `npm run bench -- --sizes 1m` includes it.');
    } else {
      plan.push(['pglite', size]);
    }
  }
  if (pgUrl) for (const size of sizes) plan.push(['postgres', size]);
  else if (dbs.has('postgres')) console.log('note: no PostgreSQL (set BENCH_DATABASE_URL or TEST_DATABASE_URL); PGlite only.');
  if (pgUrl && process.env.BENCH_PG_OPTIONS) console.log(`note: PostgreSQL sessions use options ${process.env.BENCH_PG_OPTIONS}`);
  const rows: Row[] = [];
  const started = performance.now();
  for (const [db, size] of plan) {
    try {
      rows.push(await benchSize(db, size, pgUrl));
    } catch (err) {
      console.error(`✗ ${db} ${size}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  report(rows);
  console.log(`\n(total ${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

await main();
