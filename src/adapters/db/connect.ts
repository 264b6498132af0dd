// Opens the database of either deployment mode, applies pending migrations, and hands
// back a Prisma client plus a raw SQL session. The rest of the code never needs to
// know which database it talks to.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { PrismaClient } from '../../../generated/prisma/index.js';
import { migrate } from './migrate.js';
import { PGLITE_DIR, recoverInterruptedRestore } from './pglite-dirs.js';
import { lockDirectory, type DirectoryLock } from './pglite-lock.js';
import type { PgliteSource } from './pglite-protocol.js';
import { PgliteThread } from './pglite-thread.js';
import { pgConnection, type SqlConnection } from './sql.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  /** Raw SQL on the same database (a pool for PostgreSQL). */
  sql: SqlConnection;
  /** Migrations applied while opening. */
  applied: string[];
  /** PGlite's thread (embedded mode). */
  thread?: Worker;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir: string }
  /** In memory, loaded from a dumped data directory (tests clone a migrated template), or empty. */
  | { kind: 'pglite-memory'; template?: string };

export interface OpenOptions {
  migrate?: boolean;
}

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<Database> {
  const shouldMigrate = options.migrate ?? true;
  if (target.kind === 'postgres') return openPostgres(target.url, target.poolSize ?? 10, shouldMigrate);
  if (target.kind === 'pglite-memory') return openPglite({ memory: true, ...(target.template !== undefined && { template: target.template }) }, shouldMigrate);

  const lock = lockDirectory(target.dataDir);
  try {
    recoverInterruptedRestore(target.dataDir);
    return await openPglite({ directory: join(target.dataDir, PGLITE_DIR) }, shouldMigrate, lock);
  } catch (err) {
    lock.release();
    throw err;
  }
}

/** PGlite runs on a thread of its own (pglite-thread.ts); Prisma and the raw SQL session both cross to it. */
async function openPglite(source: PgliteSource, shouldMigrate: boolean, lock?: DirectoryLock): Promise<Database> {
  const thread = await PgliteThread.start(source);
  let applied: string[] = [];
  try {
    if (shouldMigrate) applied = await migrate(thread.sql);
  } catch (err) {
    await thread.close();
    throw err;
  }
  const prisma = new PrismaClient({ adapter: thread.prismaAdapter() });
  return {
    kind: 'pglite',
    prisma,
    sql: thread.sql,
    applied,
    thread: thread.worker,
    async close() {
      await prisma.$disconnect();
      await thread.close();
      lock?.release();
    },
  };
}

async function openPostgres(url: string, poolSize: number, shouldMigrate: boolean): Promise<Database> {
  let applied: string[] = [];
  if (shouldMigrate) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      applied = await migrate(pgConnection(client));
    } finally {
      await client.end();
    }
  }
  // JIT compilation of the large analytics queries cost more than it saved (bench: up
  // to 3× slower at 10k–100k events, the planner overestimates their cost).
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: '-c jit=off' });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    kind: 'postgres',
    prisma,
    sql: pgConnection(pool),
    applied,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
