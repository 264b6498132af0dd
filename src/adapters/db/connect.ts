// Opens the database of either deployment mode, applies pending migrations, and hands
// back a Prisma client plus a raw SQL session. The rest of the code never needs to
// know which database it talks to.
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import pg from 'pg';
import { join } from 'node:path';
import { PrismaClient } from '../../../generated/prisma/index.js';
import { migrate } from './migrate.js';
import { lockDirectory, type DirectoryLock } from './pglite-lock.js';
import { pgConnection, pgliteConnection, type SqlConnection } from './sql.js';

/**
 * pglite-prisma-adapter is built against an older @prisma/driver-adapter-utils whose
 * types are nominally different but structurally the same at run time (argTypes carry
 * scalarType, dbType and arity in both); the cast only bridges the two declarations.
 */
export function pgliteAdapter(pglite: PGlite): SqlDriverAdapterFactory {
  return new PrismaPGlite(pglite) as unknown as SqlDriverAdapterFactory;
}

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  /** Raw SQL on the same database (a pool for PostgreSQL). */
  sql: SqlConnection;
  /** Migrations applied while opening. */
  applied: string[];
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir: string }
  /** An already opened PGlite (tests clone a migrated template into memory). */
  | { kind: 'pglite-instance'; pglite: PGlite };

export interface OpenOptions {
  migrate?: boolean;
}

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<Database> {
  const shouldMigrate = options.migrate ?? true;
  if (target.kind === 'postgres') return openPostgres(target.url, target.poolSize ?? 10, shouldMigrate);

  let lock: DirectoryLock | undefined;
  let pglite: PGlite;
  if (target.kind === 'pglite') {
    lock = lockDirectory(target.dataDir);
    try {
      pglite = await PGlite.create(join(target.dataDir, 'pglite'));
    } catch (err) {
      lock.release();
      throw err;
    }
  } else {
    pglite = target.pglite;
  }
  const sql = pgliteConnection(pglite);
  let applied: string[] = [];
  try {
    if (shouldMigrate) applied = await migrate(sql);
  } catch (err) {
    await pglite.close();
    lock?.release();
    throw err;
  }
  const prisma = new PrismaClient({ adapter: pgliteAdapter(pglite) });
  return {
    kind: 'pglite',
    prisma,
    sql,
    applied,
    async close() {
      await prisma.$disconnect();
      if (!pglite.closed) await pglite.close();
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
