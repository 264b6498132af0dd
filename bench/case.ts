// One benchmark step in its own process (so memory is measured per database and size):
//   generate <target> <events>   create the workspace and fill it (bench/generate.ts)
//   measure <target> <reps>      time funnel, metrics and winloss, each against its floor
//                                statement (bench/floor.ts), and check every number
// <target> is `pglite:<dir>` or a postgres:// URL. Prints one line `BENCH_RESULT <json>`.

import { openDatabase, type Database, type DatabaseTarget } from '../src/adapters/db/connect.js';
import { openApp, type Identity } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Reply } from '../src/core/reply.js';
import { compareAll, FLOORS, type Command, type Floors } from './floor.js';
import { BENCH_NOW, checkConsistency, generate } from './generate.js';

export const BENCH_WS = 'bench';
const IDENTITY: Identity = { workspaceId: BENCH_WS, workspaceName: 'Bench', userId: 'bench-admin', role: 'admin', timezone: 'UTC' };
const COMMANDS: readonly Command[] = ['funnel all', 'metrics all', 'winloss all'];

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
    const timed = async <T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> => {
      const t0 = performance.now();
      const value = await fn();
      const ms = performance.now() - t0;
      sample();
      return { ms, value };
    };
    // Warm-up (plans, caches, Prisma's first query): every command and its floor once;
    // these replies and floor numbers are the ones checked. Then each timed run
    // alternates, per command, the engine and its floor statement.
    const replies = {} as Record<Command, Reply>;
    const floors = {} as Record<Command, unknown>;
    for (const c of COMMANDS) {
      replies[c] = (await timed(() => run(c))).value;
      floors[c] = (await timed<unknown>(() => FLOORS[c](db.sql, BENCH_WS))).value;
    }
    const engineTimes: number[][] = COMMANDS.map(() => []);
    const floorTimes: number[][] = COMMANDS.map(() => []);
    const engineTotals: number[] = [];
    const floorTotals: number[] = [];
    for (let i = 0; i < reps; i++) {
      let engineSum = 0;
      let floorSum = 0;
      for (const [j, c] of COMMANDS.entries()) {
        const e = await timed(() => run(c));
        const f = await timed<unknown>(() => FLOORS[c](db.sql, BENCH_WS));
        engineTimes[j]?.push(e.ms);
        floorTimes[j]?.push(f.ms);
        engineSum += e.ms;
        floorSum += f.ms;
      }
      engineTotals.push(engineSum);
      floorTotals.push(floorSum);
    }
    clearInterval(timer);
    sample();
    const mismatches = compareAll(replies, floors as Floors);
    emit({
      engineMs: median(engineTotals),
      floorMs: median(floorTotals),
      commandMs: engineTimes.map(median),
      floorCommandMs: floorTimes.map(median),
      rssBeforeOpen: rssOpen0,
      rssOpen,
      rssPeak: peak,
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
