import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';

/** The drizzle handle both engines share. Repositories type against this, never a driver. */
export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = PgTransaction<PgQueryResultHKT>;
/** Anything a repository can run a query on: the database or an open transaction. */
export type Executor = Db | Tx;

export interface Database {
  engine: 'pglite' | 'postgres';
  db: Db;
  /** Set in embedded mode: the single in-process PGlite session. */
  pglite?: PGlite;
  /** Set in server mode: the node-postgres pool. */
  pool?: pg.Pool;
  /** Connection string for server mode (pg-boss opens its own small pool with it). */
  url?: string;
  close(): Promise<void>;
}

// int8 (count(*), bigserial) as a JS number on node-postgres too, as PGlite already does. Values stay far
// below 2^53 in this product; a larger one is a bug we want to see rather than a silent string.
pg.types.setTypeParser(20, (v) => Number(v));
// timestamptz as a Date on both engines (the default, stated for clarity).

/** Extensions both engines provide; migrations create them. */
const pgliteExtensions = { pg_trgm, citext, unaccent };

export async function openPglite(
  dataDir: string | undefined,
  opts: { loadDataDir?: Blob } = {},
): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    extensions: pgliteExtensions,
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
  });
  const db = drizzlePglite(client) as unknown as Db;
  return {
    engine: 'pglite',
    db,
    pglite: client,
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}

export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<Database> {
  // Connections are kept for 5 minutes when idle (node-postgres closes them after 10 s by default): a new
  // backend pays for loading catalog and statistics caches on its first queries (70 ms to plan a first search).
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, idleTimeoutMillis: 300_000 });
  // An idle connection the server ends (restart, failover, pg_terminate_backend) is reported here; the pool
  // has already dropped it and the next query opens a new one. Without a listener it would crash the process.
  pool.on('error', () => {});
  // Fail fast with a clear message rather than on the first request.
  const c = await pool.connect();
  c.release();
  const db = drizzleNodePg(pool) as unknown as Db;
  return { engine: 'postgres', db, pool, url, close: () => pool.end() };
}

/** Run one SQL statement and return its rows (for the few places that need raw SQL, such as health checks). */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

export { sql };
