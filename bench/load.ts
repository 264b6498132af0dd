// Load benchmark: many concurrent command streams against PostgreSQL through
// app.run(identity, text) — the path every chat adapter uses.
//
//   npm run bench:load                              # 200 streams for 60 s
//   npm run bench:load -- --seconds 20 --streams 50 --pool 10
//
// Database: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else
// postgres://postgres@127.0.0.1:5432/postgres. The run happens in a fresh database
// sc_load_<random>, dropped at the end. Prints throughput, latency percentiles, replies
// by code, and proves no stage event was lost: per workspace, successful stage-changing
// replies == stage_event rows. Exits 1 on an INTERNAL/UNAVAILABLE reply or a lost event.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../src/adapters/db/connect.js';
import { openApp, type Identity } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Role } from '../src/core/model.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    streams: { type: 'string', default: '200' },
    users: { type: 'string', default: '50' },
    workspaces: { type: 'string', default: '4' },
    pool: { type: 'string', default: '10' },
    seed: { type: 'string', default: '1' },
  },
});
const SECONDS = Number(args.seconds);
const STREAMS = Number(args.streams);
const USERS = Number(args.users);
const WORKSPACES = Number(args.workspaces);
const POOL = Number(args.pool);
for (const [k, v] of Object.entries({ SECONDS, STREAMS, USERS, WORKSPACES, POOL })) {
  if (!Number.isFinite(v) || v <= 0) {
    console.error(`bench:load: --${k.toLowerCase()} must be a positive number`);
    process.exit(2);
  }
}

const baseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `sc_load_${randomBytes(5).toString('hex')}`;
const url = (() => {
  const u = new URL(baseUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

// A small seeded PRNG (mulberry32): the same mix for the same --seed.
let seed = Number(args.seed) >>> 0 || 1;
function random(): number {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

interface User {
  identity: Identity;
  ws: string;
}
const users: User[] = Array.from({ length: USERS }, (_, i) => {
  const ws = `load-ws-${i % WORKSPACES}`;
  const role: Role = i % 10 === 0 ? 'manager' : 'rep';
  return { ws, identity: { workspaceId: ws, workspaceName: ws, userId: `user${i}`, role } };
});

type Kind = 'new' | 'contact' | 'set' | 'move' | 'lost' | 'show' | 'list' | 'funnel';
const latencies: number[] = [];
const byKind = new Map<Kind, number[]>();
const codes = new Map<string, number>();
const codesByKind = new Map<string, number>();
const stageChanges = new Map<string, number>(); // workspace → successful stage-changing replies
const errorSamples: string[] = [];
/** Recently created deals per workspace: streams sometimes touch a colleague's deal. */
const shared = new Map<string, string[]>();

function record(kind: Kind, ms: number, code: string) {
  latencies.push(ms);
  (byKind.get(kind) ?? byKind.set(kind, []).get(kind)!).push(ms);
  codes.set(code, (codes.get(code) ?? 0) + 1);
  codesByKind.set(`${kind} ${code}`, (codesByKind.get(`${kind} ${code}`) ?? 0) + 1);
}

const STAGES = ['opportunity', 'qualified', 'proposal', 'lead', 'opportunity', 'negotiation'];
const ROLES = ['decision_maker', 'user', 'champion', 'economic_buyer', 'influencer'];
const INDUSTRIES = ['software', 'retail', 'finance', 'health'];
const SOURCES = ['referral', 'web', 'event', 'outbound'];

function nextCommand(stream: number, n: number, mine: string[], ws: string): { kind: Kind; text: string; name?: string } {
  const r = random();
  const colleagues = shared.get(ws) ?? [];
  const target = () => `"${colleagues.length && random() < 0.2 ? pick(colleagues) : pick(mine)}"`;
  if (mine.length === 0 || r < 0.1) {
    const name = `Deal ${stream}-${n}`;
    const extra = random() < 0.7 ? ` industry=${pick(INDUSTRIES)} source=${pick(SOURCES)} close=2026-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-15` : '';
    return { kind: 'new', name, text: `deal new "${name}" ${Math.round(1 + random() * 200)}k${extra}` };
  }
  if (r < 0.25) return { kind: 'contact', text: `deal contact ${target()} "Person ${Math.floor(random() * 8)}" role=${pick(ROLES)}` };
  if (r < 0.4) {
    return random() < 0.3
      ? { kind: 'set', text: `deal competitor ${target()} ${random() < 0.5 ? 'none' : pick(['Zoho', 'HubSpot', 'Salesforce'])}` }
      : { kind: 'set', text: `deal set ${target()} amount=${Math.round(1 + random() * 500)}k notes="call ${n}"` };
  }
  if (r < 0.62) return { kind: 'move', text: `deal move ${target()} ${pick(STAGES)}` };
  if (r < 0.65) return { kind: 'lost', text: `deal lost ${target()} reason=${pick(['price', 'timing', 'no_budget'])}` };
  if (r < 0.85) return { kind: 'show', text: `deal show ${target()}` };
  if (r < 0.98) return { kind: 'list', text: random() < 0.5 ? 'deal list mine' : `deal list stage=${pick(STAGES)}` };
  return { kind: 'funnel', text: random() < 0.5 ? 'funnel' : 'metrics' };
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const fmt = (ms: number) => (Number.isNaN(ms) ? '-' : ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

async function main() {
  console.log(`bench:load  ${STREAMS} streams · ${SECONDS} s · ${USERS} users · ${WORKSPACES} workspaces · pool ${POOL} · database ${dbName}`);
  await adminQuery(`CREATE DATABASE ${dbName}`);
  let exitCode = 0;
  try {
    const db = await openDatabase({ kind: 'postgres', url, poolSize: POOL });
    const app = await openApp(loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' }), {
      db,
      onError: (err, input) => {
        if (errorSamples.length < 5) errorSamples.push(`${input}: ${err instanceof Error ? err.message.split('\n').slice(-2).join(' ') : String(err)}`);
      },
    });
    try {
      // Workspaces and members exist before the clock starts.
      for (const u of users) await app.run(u.identity, 'help');

      const started = performance.now();
      const deadline = started + SECONDS * 1000;
      const streams = Array.from({ length: STREAMS }, async (_, s) => {
        const user = users[s % users.length]!;
        const mine: string[] = [];
        for (let n = 0; performance.now() < deadline; n++) {
          const cmd = nextCommand(s, n, mine, user.ws);
          const t0 = performance.now();
          const reply = await app.run(user.identity, cmd.text);
          const code = reply.ok ? 'ok' : (reply.code ?? 'UNKNOWN');
          record(cmd.kind, performance.now() - t0, code);
          const event = (reply.data as { event?: unknown } | undefined)?.event;
          if (reply.ok && (cmd.kind === 'new' || event)) stageChanges.set(user.ws, (stageChanges.get(user.ws) ?? 0) + 1);
          if (reply.ok && cmd.kind === 'new' && cmd.name) {
            mine.push(cmd.name);
            const list = shared.get(user.ws) ?? [];
            list.push(cmd.name);
            if (list.length > 40) list.shift();
            shared.set(user.ws, list);
          }
        }
      });
      await Promise.all(streams);
      const elapsed = (performance.now() - started) / 1000;

      const sorted = [...latencies].sort((a, b) => a - b);
      const total = latencies.length;
      console.log(`\ncommands     ${total} in ${elapsed.toFixed(1)} s  →  ${(total / elapsed).toFixed(0)} commands/s`);
      console.log(`latency ms   p50 ${fmt(percentile(sorted, 50))}  p95 ${fmt(percentile(sorted, 95))}  p99 ${fmt(percentile(sorted, 99))}  max ${fmt(sorted.at(-1) ?? NaN)}`);
      console.log('\nby command   count     p50     p99');
      for (const [kind, xs] of [...byKind.entries()].sort((a, b) => b[1].length - a[1].length)) {
        const s = [...xs].sort((a, b) => a - b);
        console.log(`  ${kind.padEnd(9)} ${String(xs.length).padStart(7)} ${fmt(percentile(s, 50)).padStart(7)} ${fmt(percentile(s, 99)).padStart(7)}`);
      }
      console.log('\nreplies by code');
      for (const [code, count] of [...codes.entries()].sort((a, b) => b[1] - a[1])) {
        const detail = [...codesByKind.entries()]
          .filter(([k]) => k.endsWith(` ${code}`))
          .map(([k, c]) => `${k.split(' ')[0]} ${c}`)
          .join(', ');
        console.log(`  ${code.padEnd(16)} ${String(count).padStart(7)}   (${detail})`);
      }
      const bad = (codes.get('INTERNAL') ?? 0) + (codes.get('UNAVAILABLE') ?? 0);
      console.log(`  → INTERNAL + UNAVAILABLE: ${bad} (target 0); GATE_BLOCKED, FORBIDDEN, CONFLICT etc. come from the mix`);
      for (const e of errorSamples) console.log(`    e.g. ${e}`);

      // No event lost: every successful stage-changing reply has its row, and no row lacks a reply.
      const rows = await db.prisma.$queryRawUnsafe<{ ws: string; n: bigint }[]>(
        `SELECT workspace_id AS ws, count(*) AS n FROM stage_event GROUP BY workspace_id ORDER BY workspace_id`,
      );
      console.log('\nstage events  workspace      replies     rows');
      let lost = false;
      const workspaces = [...new Set(users.map((u) => u.ws))].sort();
      for (const ws of workspaces) {
        const replies = stageChanges.get(ws) ?? 0;
        const stored = Number(rows.find((r) => r.ws === ws)?.n ?? 0);
        if (replies !== stored) lost = true;
        console.log(`              ${ws.padEnd(12)} ${String(replies).padStart(8)} ${String(stored).padStart(8)}  ${replies === stored ? 'ok' : 'MISMATCH'}`);
      }
      console.log(lost ? '  → MISMATCH: a stage change was lost or written without a reply' : '  → every successful stage change has exactly one event row');
      if (bad > 0 || lost) exitCode = 1;
    } finally {
      await app.close();
    }
  } finally {
    await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
  process.exitCode = exitCode;
}

process.on('SIGINT', () => {
  void adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).finally(() => process.exit(130));
});

await main();
