// The smallest SQL surface both databases share, for the migrator and raw checks.
import type pg from 'pg';

export interface SqlConnection {
  /** Runs a script of one or more statements without parameters. */
  exec(sql: string): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

export function pgConnection(client: pg.Pool | pg.PoolClient | pg.Client): SqlConnection {
  return {
    async exec(sql) {
      await client.query(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      return (await client.query(sql, params)).rows as T[];
    },
  };
}
