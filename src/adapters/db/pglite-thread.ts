// The embedded database on a thread of its own: PGlite computes synchronously in
// WebAssembly, and on the main thread a burst of commands held up every other event
// (Slack acks waited 227 ms at p99). This is the main thread's side: each call is a
// message to pglite-worker.ts, which owns PGlite and the Prisma driver adapter.
import { DriverAdapterError, type IsolationLevel, type SqlDriverAdapter, type SqlDriverAdapterFactory, type SqlQuery, type SqlResultSet, type Transaction } from '@prisma/driver-adapter-utils';
import { Worker } from 'node:worker_threads';
import { fromWire, type Call, type PgliteSource, type Ready, type Reply, type WireError } from './pglite-protocol.js';
import type { SqlConnection } from './sql.js';

const BOOT = new URL('./pglite-boot.mjs', import.meta.url);

const ADAPTER = { provider: 'postgres', adapterName: 'pglite-prisma-adapter' } as const;

function rebuild(wire: WireError): Error {
  return wire.adapterCause ? adapterError(wire.adapterCause) : fromWire(wire);
}

/**
 * Prisma 6.19 reads a raw query's failure from `originalCode` / `originalMessage`, which
 * pglite-prisma-adapter (built for an older Prisma) does not set: without them a failed
 * raw statement would be logged as "Code: N/A, Message: undefined".
 */
function adapterError(cause: Record<string, unknown>): DriverAdapterError {
  const full = cause.kind === 'postgres' ? { originalCode: cause.code, originalMessage: cause.message, ...cause } : cause;
  return new DriverAdapterError(full as unknown as ConstructorParameters<typeof DriverAdapterError>[0]);
}

/**
 * A PostgreSQL error that reached Prisma's side as a plain error (the adapter in the
 * thread passes on what it does not recognise as its own DatabaseError) is given to
 * Prisma as the adapter's postgres error, so Prisma keeps its code and message.
 */
function forPrisma(err: unknown): unknown {
  if (!(err instanceof Error) || err instanceof DriverAdapterError) return err;
  const f = err as Error & { code?: unknown; severity?: unknown; detail?: string; column?: string; hint?: string };
  if (typeof f.code !== 'string' || typeof f.severity !== 'string') return err;
  return adapterError({ kind: 'postgres', code: f.code, severity: f.severity, message: f.message, detail: f.detail, column: f.column, hint: f.hint });
}

/**
 * Values PGlite would have turned into text with toString() (Prisma's Decimal) would
 * lose their class crossing to the thread: they cross as that text.
 */
function cloneable(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Date || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return value.map(cloneable);
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null ? value : String(value);
}

export class PgliteThread {
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();
  private nextId = 1;
  /** Set once the thread is gone: every call after that fails at once with it. */
  private gone: Error | undefined;

  private constructor(readonly worker: Worker) {
    worker.on('message', (reply: Reply) => this.settle(reply));
    worker.on('error', (err) => this.fail(Object.assign(new Error(`PGlite is closed: its thread failed (${err.message})`, { cause: err }), { code: '57P01' })));
    worker.on('exit', (code) => this.fail(Object.assign(new Error(`PGlite is closed: its thread exited (code ${code})`), { code: '57P01' })));
    // Idle, the thread must not keep the process alive; with a call in flight it must.
    worker.unref();
  }

  /** Starts the thread and opens the database in it; rejects with PGlite's own error if it cannot. */
  static async start(source: PgliteSource): Promise<PgliteThread> {
    const worker = new Worker(BOOT, { workerData: source });
    const ready = await new Promise<Ready>((resolve, reject) => {
      const exited = (code: number) => reject(new Error(`The PGlite thread exited while opening (code ${code})`));
      worker.once('error', reject).once('exit', exited).once('message', (message: Ready) => {
        worker.off('error', reject).off('exit', exited);
        resolve(message);
      });
    });
    if (!ready.ready) {
      await worker.terminate();
      throw fromWire(ready.error);
    }
    return new PgliteThread(worker);
  }

  get closed(): boolean {
    return this.gone !== undefined;
  }

  call<T>(call: Call): Promise<T> {
    if (this.gone) return Promise.reject(this.gone);
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ id, call });
    });
  }

  private settle(reply: Reply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if (reply.ok) waiting.resolve(reply.value);
    else waiting.reject(rebuild(reply.error));
  }

  private fail(err: Error): void {
    this.gone ??= err;
    for (const waiting of this.pending.values()) waiting.reject(this.gone);
    this.pending.clear();
  }

  readonly sql: SqlConnection = {
    exec: async (sql) => {
      await this.call({ op: 'exec', sql });
    },
    query: (sql, params = []) => this.call({ op: 'query', sql, params }),
  };

  /** Prisma's driver adapter whose every call is answered by pglite-prisma-adapter in the thread. */
  prismaAdapter(): SqlDriverAdapterFactory {
    const queryable = (tx?: number) => ({
      ...ADAPTER,
      queryRaw: (query: SqlQuery) =>
        this.call<SqlResultSet>({ op: 'queryRaw', query: { ...query, args: query.args.map(cloneable) }, ...(tx !== undefined && { tx }) }).catch((err: unknown) => {
          throw forPrisma(err);
        }),
      executeRaw: (query: SqlQuery) =>
        this.call<number>({ op: 'executeRaw', query: { ...query, args: query.args.map(cloneable) }, ...(tx !== undefined && { tx }) }).catch((err: unknown) => {
          throw forPrisma(err);
        }),
    });
    const adapter: SqlDriverAdapter = {
      ...queryable(),
      executeScript: (script) => this.sql.exec(script),
      startTransaction: async (isolation?: IsolationLevel): Promise<Transaction> => {
        const tx = await this.call<number>({ op: 'begin', ...(isolation && { isolation }) });
        return {
          ...queryable(tx),
          options: { usePhantomQuery: true },
          commit: () => this.call({ op: 'commit', tx }),
          rollback: () => this.call({ op: 'rollback', tx }),
        };
      },
      getConnectionInfo: () => ({ supportsRelationJoins: true }),
      dispose: async () => {},
    };
    return { ...ADAPTER, connect: async () => adapter };
  }

  /** The data directory as a tarball (PGlite's dumpDataDir). */
  async dump(compression: 'gzip' | 'none'): Promise<Uint8Array> {
    return new Uint8Array(await this.call<ArrayBuffer>({ op: 'dump', compression }));
  }

  /** Closes PGlite (flushing it to disk) and ends the thread. */
  async close(): Promise<void> {
    if (this.gone) return;
    try {
      await this.call({ op: 'close' });
    } finally {
      this.fail(new Error('PGlite is closed'));
      await this.worker.terminate();
    }
  }
}
