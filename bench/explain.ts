// tsx bench/explain.ts <postgres url of a generated bench database> [command ...]
// Captures the SQL the analytics commands send (through the driver, db.sql) and prints
// EXPLAIN (ANALYZE, BUFFERS) for each, slowest first: a tool to look for missing indexes.

import pg from 'pg';
import { openDatabase } from '../src/adapters/db/connect.js';
import { openApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { BENCH_NOW } from './generate.js';

const [url, ...commands] = process.argv.slice(2);
if (!url) {
  console.error('usage: tsx bench/explain.ts <postgres url> [command ...]');
  process.exit(2);
}
const db = await openDatabase({ kind: 'postgres', url });
const captured: { text: string; values: unknown[] }[] = [];
// The analytics statements go through the driver (db.sql); the store's lookups through Prisma.
const query = db.sql.query.bind(db.sql);
db.sql.query = <T>(text: string, values: unknown[] = []) => {
  captured.push({ text, values });
  return query<T>(text, values);
};
const app = await openApp(loadConfig({}), { db, clock: { now: () => new Date(BENCH_NOW) } });
const identity = { workspaceId: 'bench', workspaceName: 'Bench', userId: 'bench-admin', role: 'admin' as const, timezone: 'UTC' };
for (const c of commands.length ? commands : ['funnel all', 'metrics all', 'winloss all']) {
  const before = captured.length;
  await app.run(identity, c);
  for (const q of captured.slice(before)) (q as { cmd?: string }).cmd = c;
}
await app.close();
const client = new pg.Client({ connectionString: url });
await client.connect();
const plans: { ms: number; cmd: string; plan: string }[] = [];
for (const q of captured) {
  const res = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.text}`, q.values);
  const plan = res.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
  const ms = Number(/Execution Time: ([\d.]+)/.exec(plan)?.[1] ?? 0);
  plans.push({ ms, cmd: (q as { cmd?: string }).cmd ?? '', plan: `${q.text.slice(0, 300)}…\n${plan}` });
}
await client.end();
plans.sort((a, b) => b.ms - a.ms);
for (const p of plans) console.log(`\n===== ${p.cmd}: ${p.ms.toFixed(1)} ms\n${p.plan}`);
