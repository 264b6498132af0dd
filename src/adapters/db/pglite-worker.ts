// Runs in a worker thread (started by pglite-thread.ts): owns the PGlite instance and
// the real pglite-prisma-adapter, and answers the main thread's calls. PGlite computes
// in WebAssembly synchronously; here that time is off the main thread's event loop.
// PGlite's own mutexes keep one statement at a time on its single session and hold
// plain queries back while a transaction is open, exactly as on the main thread.
import { PGlite } from '@electric-sql/pglite';
import type { SqlDriverAdapter, SqlQueryable, Transaction } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { toWire, type Call, type PgliteSource, type Ready, type Reply, type Request } from './pglite-protocol.js';

async function open(source: PgliteSource): Promise<PGlite> {
  if ('directory' in source) return PGlite.create(source.directory);
  if (source.template === undefined) return PGlite.create();
  return PGlite.create({ loadDataDir: new Blob([readFileSync(source.template)]) });
}

class Host {
  private readonly transactions = new Map<number, Transaction>();
  private nextTx = 1;

  constructor(
    private readonly pglite: PGlite,
    private readonly adapter: SqlDriverAdapter,
  ) {}

  private queryable(tx: number | undefined): SqlQueryable {
    if (tx === undefined) return this.adapter;
    const found = this.transactions.get(tx);
    if (!found) throw new Error(`Transaction ${tx} is closed`);
    return found;
  }

  private settle(tx: number): Transaction {
    const found = this.queryable(tx) as Transaction;
    this.transactions.delete(tx);
    return found;
  }

  async perform(call: Call): Promise<unknown> {
    switch (call.op) {
      case 'exec':
        await this.pglite.exec(call.sql);
        return undefined;
      case 'query':
        return (await this.pglite.query(call.sql, call.params)).rows;
      case 'queryRaw':
        return this.queryable(call.tx).queryRaw(call.query);
      case 'executeRaw':
        return this.queryable(call.tx).executeRaw(call.query);
      case 'begin': {
        const id = this.nextTx++;
        this.transactions.set(id, await this.adapter.startTransaction(call.isolation));
        return id;
      }
      case 'commit':
        return this.settle(call.tx).commit();
      case 'rollback':
        return this.settle(call.tx).rollback();
      case 'dump':
        return (await this.pglite.dumpDataDir(call.compression)).arrayBuffer();
      case 'close':
        if (!this.pglite.closed) await this.pglite.close();
        return undefined;
    }
  }
}

const port = parentPort;
if (!port) throw new Error('pglite-worker.ts runs in a worker thread');

async function start(): Promise<Host | undefined> {
  try {
    const pglite = await open(workerData as PgliteSource);
    // Built against an older @prisma/driver-adapter-utils: the same shape at run time (see connect.ts).
    const adapter = (await new PrismaPGlite(pglite).connect()) as unknown as SqlDriverAdapter;
    return new Host(pglite, adapter);
  } catch (err) {
    // With no listener left the thread ends by itself once this message is out.
    port?.postMessage({ ready: false, error: toWire(err) } satisfies Ready);
    return undefined;
  }
}

const host = await start();
if (host) {
  port.on('message', ({ id, call }: Request) => {
    host.perform(call).then(
      (value) => port.postMessage({ id, ok: true, value } satisfies Reply, value instanceof ArrayBuffer ? [value] : []),
      (err: unknown) => port.postMessage({ id, ok: false, error: toWire(err) } satisfies Reply),
    );
  });
  port.postMessage({ ready: true } satisfies Ready);
}
