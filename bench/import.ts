// npm run bench:import [-- --sizes 10k,100k,600k] [--db pglite|postgres]
//
// Times `import deals.csv history.csv` (gated, not --historical) into an empty
// workspace: for each size (rows of both files together: a sixth deals, five sixths
// history events, five events per deal), generated CSV files are imported through the
// real use case (importCsv with the file streamed from disk and the database
// transactor), each case in its own process, on PGlite (a fresh data directory) and on
// PostgreSQL (a fresh database, dropped after). Prints rows/s, seconds and the Node
// process's peak RSS over its baseline (after opening the database). Not a test.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openSource } from '../src/adapters/csv/read.js';
import { openDatabase, type DatabaseTarget } from '../src/adapters/db/connect.js';
import { createTransactor } from '../src/adapters/db/import-store.js';
import { openApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { importCsv, type ImportSource } from '../src/core/csv/import.js';

const SELF = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SIZES: Record<string, number> = { '10k': 10_000, '100k': 100_000, '600k': 600_000 };
const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/postgres';
const PATHS = [
  ['lead', 'opportunity', 'qualified', 'proposal', 'negotiation'],
  ['lead', 'opportunity', 'qualified', 'proposal', 'won'],
  ['lead', 'opportunity', 'qualified', 'opportunity', 'lost'],
];

/** Writes deals.csv and history.csv with `rows` rows together into `dir`. */
export async function writeFiles(dir: string, rows: number): Promise<void> {
  const deals = Math.floor(rows / 6);
  const d = createWriteStream(join(dir, 'deals.csv'));
  const h = createWriteStream(join(dir, 'history.csv'));
  const put = async (s: ReturnType<typeof createWriteStream>, text: string) => {
    if (!s.write(text)) await once(s, 'drain');
  };
  await put(d, 'name,stage,owner,amount,currency,close_date,industry,source,team,tags,contacts,competitors,lost_reason,created_at\n');
  await put(h, 'deal,from,to,at,by\n');
  const t0 = Date.UTC(2025, 0, 1);
  for (let i = 0; i < deals; i++) {
    const path = PATHS[i % PATHS.length] as string[];
    const name = `Deal ${i}`;
    const at = (k: number) => new Date(t0 + i * 60_000 + k * 86_400_000).toISOString();
    const final = path.at(-1) as string;
    await put(
      d,
      `${name},${final},rep${i % 20},${1000 + (i % 997) * 10},USD,2026-06-30,software,web,east,smb,Contact ${i}|decision_maker|CTO,Globex,${final === 'lost' ? 'price' : ''},${at(0)}\n`,
    );
    let rowsOut = '';
    for (const [k, to] of path.entries()) rowsOut += `${name},${k === 0 ? '' : path[k - 1]},${to},${at(k)},rep${i % 20}\n`;
    await put(h, rowsOut);
  }
  d.end();
  h.end();
  await Promise.all([once(d, 'finish'), once(h, 'finish')]);
}

interface CaseResult {
  ok: boolean;
  code?: string;
  text: string;
  seconds: number;
  rssBase: number;
  rssPeak: number;
}

/** Child: imports the two files into a fresh workspace of `target`. */
async function runCase(target: DatabaseTarget, dir: string): Promise<void> {
  const db = await openDatabase(target);
  const app = await openApp(loadConfig({}), { db });
  try {
    const ctx = await app.context({ workspaceId: 'bench', workspaceName: 'Bench', userId: 'bench-admin', role: 'admin', timezone: 'UTC' });
    const rssBase = process.memoryUsage().rss;
    let rssPeak = rssBase;
    const timer = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
    const sources: ImportSource[] = [];
    for (const f of ['deals.csv', 'history.csv']) sources.push((await openSource(join(dir, f), 'en')) as ImportSource);
    const t0 = performance.now();
    const reply = await importCsv(ctx, sources, createTransactor(app.db.prisma), { onError: (err) => console.error(err) });
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(timer);
    const result: CaseResult = { ok: reply.ok, ...(reply.code && { code: reply.code }), text: reply.text.slice(0, 300), seconds, rssBase, rssPeak };
    process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
  } finally {
    await app.close();
  }
}

function child(args: string[]): Promise<CaseResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', SELF, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (b: Buffer) => (out += String(b)));
    p.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      if (line) resolve(JSON.parse(line.slice('BENCH_RESULT '.length)) as CaseResult);
      else reject(new Error(`case ${args.join(' ')} exited ${code}: ${out}`));
    });
  });
}

async function admin(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const sizes = (arg('sizes') ?? process.env.BENCH_SIZES ?? '10k,100k,600k').split(',');
  const dbs = (arg('db') ?? process.env.BENCH_DBS ?? 'pglite,postgres').split(',');
  const pgUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || DEFAULT_PG;
  const lines: string[] = [];
  for (const size of sizes) {
    const rows = SIZES[size];
    if (rows === undefined) throw new Error(`unknown size ${size} (10k, 100k, 600k)`);
    const files = mkdtempSync(join(tmpdir(), 'sc-import-bench-'));
    try {
      await writeFiles(files, rows);
      for (const db of dbs) {
        const load = loadavg()[0]?.toFixed(1);
        let r: CaseResult;
        if (db === 'pglite') {
          const data = mkdtempSync(join(tmpdir(), 'sc-import-pglite-'));
          try {
            r = await child(['case', `pglite:${data}`, files]);
          } finally {
            rmSync(data, { recursive: true, force: true });
          }
        } else {
          const name = `sc_import_${randomBytes(4).toString('hex')}`;
          await admin(pgUrl, `CREATE DATABASE ${name}`);
          try {
            const u = new URL(pgUrl);
            u.pathname = `/${name}`;
            r = await child(['case', u.toString(), files]);
          } finally {
            await admin(pgUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          }
        }
        const mb = (b: number) => (b / 1048576).toFixed(0);
        const line = `| ${db.padEnd(8)} | ${size.padStart(5)} | ${r.ok ? 'ok' : `${r.code}`} | ${(rows / r.seconds).toFixed(0).padStart(6)} rows/s | ${r.seconds.toFixed(1).padStart(6)} s | RSS peak ${mb(r.rssPeak)} MB (+${mb(r.rssPeak - r.rssBase)} over ${mb(r.rssBase)}) | load avg ${load} |`;
        console.log(r.ok ? line : `${line}\n  ${r.text}`);
        lines.push(line);
      }
    } finally {
      rmSync(files, { recursive: true, force: true });
    }
  }
  console.log('\nrows = deals rows + history rows (a sixth deals, five events each); gated import into an empty workspace, one transaction.');
  console.log(`The machine is shared (load average now ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${2} cores): figures vary between runs.`);
}

if (process.argv[2] === 'files') {
  await writeFiles(process.argv[3] as string, Number(process.argv[4]));
} else if (process.argv[2] === 'case') {
  const t = process.argv[3] as string;
  const target: DatabaseTarget = t.startsWith('pglite:') ? { kind: 'pglite', dataDir: t.slice(7) } : { kind: 'postgres', url: t };
  await runCase(target, process.argv[4] as string);
} else {
  await main();
}
