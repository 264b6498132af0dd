// Real databases for tests: a PGlite cloned from the migrated template, and, when
// TEST_DATABASE_URL is set, a fresh PostgreSQL database per call (dropped on close).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/adapters/db/connect.js';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

export function pgliteDb(): Promise<Database> {
  return openDatabase({ kind: 'pglite-memory', template: inject('pgliteTemplate') });
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(url: string, body: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

/** A brand-new, migrated PostgreSQL database; its URL is on `url`. */
export async function postgresDb(): Promise<Database & { url: string }> {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const name = `sc_test_${randomBytes(6).toString('hex')}`;
  await admin(TEST_DATABASE_URL, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = withDatabase(TEST_DATABASE_URL, name);
  const db = await openDatabase({ kind: 'postgres', url, poolSize: 5 });
  return {
    ...db,
    url,
    async close() {
      await db.close();
      await admin(TEST_DATABASE_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

export interface Backend {
  name: 'pglite' | 'postgres';
  open(): Promise<Database>;
}

/** PGlite always; PostgreSQL whenever TEST_DATABASE_URL is set. */
export const backends: Backend[] = [
  { name: 'pglite', open: pgliteDb },
  ...(TEST_DATABASE_URL ? [{ name: 'postgres' as const, open: postgresDb }] : []),
];
