// The messages between the main thread and the thread that owns PGlite
// (pglite-thread.ts ↔ pglite-worker.ts). Everything here crosses postMessage, so it is
// plain data: errors are flattened to their fields and rebuilt on the other side.
import type { IsolationLevel, SqlQuery } from '@prisma/driver-adapter-utils';

/** What the thread opens: PGlite's directory, or an in-memory database (empty, or loaded from a dumped tarball). */
export type PgliteSource = { directory: string } | { memory: true; template?: string };

export type Call =
  | { op: 'exec'; sql: string }
  | { op: 'query'; sql: string; params: unknown[] }
  | { op: 'queryRaw' | 'executeRaw'; query: SqlQuery; tx?: number }
  | { op: 'begin'; isolation?: IsolationLevel }
  | { op: 'commit' | 'rollback'; tx: number }
  | { op: 'dump'; compression: 'gzip' | 'none' }
  | { op: 'close' };

export type Request = { id: number; call: Call };

export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

/** The thread's first message: opened, or why not. */
export type Ready = { ready: true } | { ready: false; error: WireError };

export interface WireError {
  name: string;
  message: string;
  /** The error's own fields: PostgreSQL's code, detail, constraint… */
  fields: Record<string, unknown>;
  /** Set for Prisma's DriverAdapterError: the payload Prisma maps (kind, code…). */
  adapterCause?: Record<string, unknown>;
}

function plainFields(value: object): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === null || ['string', 'number', 'boolean', 'bigint', 'undefined'].includes(typeof v)) fields[key] = v;
  }
  return fields;
}

export function toWire(err: unknown): WireError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), fields: {} };
  const cause = (err as { cause?: unknown }).cause;
  return {
    name: err.name,
    message: err.message,
    fields: plainFields(err),
    ...(err.name === 'DriverAdapterError' && typeof cause === 'object' && cause !== null && { adapterCause: plainFields(cause) }),
  };
}

/** An Error with the same name, message and fields as the one thrown in the other thread. */
export function fromWire(wire: WireError): Error {
  const err = Object.assign(new Error(wire.message), wire.fields);
  err.name = wire.name;
  return err;
}
