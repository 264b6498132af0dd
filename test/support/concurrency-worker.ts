// A child process for test/integration/concurrency.test.ts: opens the app on
// DATABASE_URL (already migrated), warms up, prints READY, waits for "go" on stdin,
// then runs its operations on one deal all at once through app.run — the path every
// adapter uses — and prints one JSON line per reply.
//
//   node --import tsx test/support/concurrency-worker.ts <worker> <workspace> <deal> <ops>
import { createInterface } from 'node:readline';
import { openDatabase } from '../../src/adapters/db/connect.js';
import { openApp, type Identity } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';

const [worker = '0', workspaceId = 'conc', deal = 'Race', opsText = '10'] = process.argv.slice(2);
const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write('DATABASE_URL is not set\n');
  process.exit(2);
}

export interface WorkerOp {
  worker: number;
  op: 'move' | 'contact' | 'set';
  text: string;
  person?: string;
  ok: boolean;
  code?: string;
  /** The stage event the reply reports (a move that changed the stage). */
  event?: { from: string | null; to: string };
}

const id = Number(worker);
const ops = Number(opsText);
const targets = ['opportunity', 'lead', 'qualified', 'opportunity', 'proposal', 'lead'];
const q = (s: string) => `"${s}"`;

function operation(i: number): Omit<WorkerOp, 'ok' | 'worker'> {
  switch (i % 3) {
    case 0:
      return { op: 'move', text: `deal move ${q(deal)} ${targets[(id + i) % targets.length]}` };
    case 1: {
      const person = `W${id} Person ${i}`;
      return { op: 'contact', person, text: `deal contact ${q(deal)} ${q(person)} role=user` };
    }
    default:
      return { op: 'set', text: `deal set ${q(deal)} notes="worker ${id} op ${i}"` };
  }
}

// The pool size a deployed process uses (openDatabase's default).
const db = await openDatabase({ kind: 'postgres', url }, { migrate: false });
const app = await openApp(loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' }), {
  db,
  onError: (err) => process.stderr.write(`worker ${id}: ${err instanceof Error ? err.stack : String(err)}\n`),
});
// Half the workers act as the deal's owner (a rep), the others as managers.
const identity: Identity = {
  workspaceId,
  workspaceName: workspaceId,
  userId: id % 2 === 0 ? 'owner' : `manager${id}`,
  role: id % 2 === 0 ? 'rep' : 'manager',
};
const warm = await app.run(identity, `deal show ${q(deal)}`);
if (!warm.ok) {
  process.stderr.write(`worker ${id}: warm-up failed: ${warm.code} ${warm.text}\n`);
  process.exit(1);
}
process.stdout.write('READY\n');

const lines = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => lines.once('line', () => resolve()));
lines.close();

const results = await Promise.all(
  Array.from({ length: ops }, async (_, i) => {
    const o = operation(i);
    const r = await app.run(identity, o.text);
    const event = (r.data as { event?: { from: string | null; to: string } } | undefined)?.event;
    const out: WorkerOp = { worker: id, ...o, ok: r.ok, ...(r.code && { code: r.code }), ...(r.ok && event && { event: { from: event.from, to: event.to } }) };
    return out;
  }),
);
for (const r of results) process.stdout.write(`${JSON.stringify(r)}\n`);
await app.close();
process.stdout.write('DONE\n');
