// One benchmark step in its own process (so memory is measured per database and size):
//   generate <target> <events>   create the workspace and fill it (bench/generate.ts)
//   measure <target> <reps>      time funnel + metrics + winloss against the floor query
// <target> is `pglite:<dir>` or a postgres:// URL. Prints one line `BENCH_RESULT <json>`.

import { openDatabase, type Database, type DatabaseTarget } from '../src/adapters/db/connect.js';
import { openApp, type Identity } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Reply } from '../src/core/reply.js';
import { compare, engineHeadline, floor } from './floor.js';
import { BENCH_NOW, checkConsistency, generate } from './generate.js';

export const BENCH_WS = 'bench';
const IDENTITY: Identity = { workspaceId: BENCH_WS, workspaceName: 'Bench', userId: 'bench-admin', role: 'admin', timezone: 'UTC' };
export const COMMANDS = ['funnel all', 'metrics all', 'winloss all'] as const;

function targetOf(arg: string): DatabaseTarget {
  if (arg.startsWith('pglite:')) return { kind: 'pglite', dataDir: arg.slice('pglite:'.length) };
  return { kind: 'postgres', url: arg };
}

function emit(result: unknown): void {
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
}

async function withApp<T>(target: DatabaseTarget, fn: (db: Database, run: (input: string) => Promise<Reply>) => Promise<T>): Promise<T> {
  const db = await openDatabase(target);
  const app = await openApp(loadConfig({}), {
    db,
    clock: { now: () => new Date(BENCH_NOW) },
    onError: (err) => {
      throw err;
    },
  });
  try {
    return await fn(db, async (input) => {
      const reply = await app.run(IDENTITY, input);
      if (!reply.ok) throw new Error(`${input}: ${reply.text}`);
      return reply;
    });
  } finally {
    await app.close();
  }
}

async function doGenerate(target: DatabaseTarget, events: number): Promise<void> {
  await withApp(target, async (db, run) => {
    await run('stage list'); // creates the workspace and its default stages (store.ensureWorkspace)
    const result = await generate(db.sql, BENCH_WS, events, (s) => process.stderr.write(`  ${s}\n`));
    const problems = await checkConsistency(db.sql, BENCH_WS);
    emit({ ...result, problems });
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

async function doMeasure(target: DatabaseTarget, reps: number): Promise<void> {
  const rssOpen0 = process.memoryUsage().rss;
  await withApp(target, async (db, run) => {
    const rssOpen = process.memoryUsage().rss;
    let peak = rssOpen;
    const sample = () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    };
    const timer = setInterval(sample, 5);
    const engineOnce = async () => {
      const times: number[] = [];
      const replies: Reply[] = [];
      for (const c of COMMANDS) {
        const t0 = performance.now();
        replies.push(await run(c));
        times.push(performance.now() - t0);
        sample();
      }
      return { times, replies };
    };
    const floorOnce = async () => {
      const t0 = performance.now();
      const h = await floor(db.sql, BENCH_WS);
      sample();
      return { ms: performance.now() - t0, h };
    };
    // Warm-up (plans, caches, Prisma's first query), then alternate engine and floor.
    const warm = await engineOnce();
    const warmFloor = await floorOnce();
    const engineTotals: number[] = [];
    const perCommand: number[][] = COMMANDS.map(() => []);
    const floorTimes: number[] = [];
    for (let i = 0; i < reps; i++) {
      const e = await engineOnce();
      engineTotals.push(e.times.reduce((a, b) => a + b, 0));
      e.times.forEach((t, j) => perCommand[j]?.push(t));
      floorTimes.push((await floorOnce()).ms);
    }
    clearInterval(timer);
    sample();
    const [f, m, w] = warm.replies as [Reply, Reply, Reply];
    const mismatches = compare(engineHeadline(f, m, w), warmFloor.h);
    emit({
      engineMs: median(engineTotals),
      commandMs: perCommand.map(median),
      floorMs: median(floorTimes),
      rssBeforeOpen: rssOpen0,
      rssOpen,
      rssPeak: peak,
      headline: warmFloor.h,
      mismatches,
    });
  });
}

const [mode, targetArg, n] = process.argv.slice(2);
if (!mode || !targetArg || !n) {
  console.error('usage: tsx bench/case.ts generate|measure <pglite:dir | postgres://...> <events | reps>');
  process.exit(2);
}
const target = targetOf(targetArg);
if (mode === 'generate') await doGenerate(target, Number(n));
else if (mode === 'measure') await doMeasure(target, Number(n));
else throw new Error(`unknown mode ${mode}`);
