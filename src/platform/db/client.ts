import { mkdirSync } from 'node:fs';
import { type ParserOptions, PGlite, type QueryOptions, type Transaction, types } from '@electric-sql/pglite';
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
  /**
   * Embedded mode: the session as pg-boss sees it (PGlite's default parsing of dates; the instance's own
   * parser table is drizzle's, see `forDrizzle`).
   */
  queueClient?: PGlite;
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
  const queueClient = withParsers(client, dateParsers(client));
  const db = drizzlePglite(forDrizzle(client)) as unknown as Db;
  return {
    engine: 'pglite',
    db,
    pglite: client,
    queueClient,
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

/**
 * drizzle reads timestamps, dates and intervals as PostgreSQL's text and converts them itself, so its PGlite
 * driver passes those four parsers with every query. PGlite then merges them into a copy of its whole parser
 * table (one entry per type with an array type: about 400 here) on every query: half a millisecond, a third of
 * a small query's cost. Instead the instance's own table gets drizzle's four parsers once, and drizzle talks
 * to a view of the instance that drops the per-query copy. Other users of the instance (pg-boss) get PGlite's
 * default date parsing back per query through `withParsers` (their queries are few).
 */
const DRIZZLE_TEXT_TYPES = [types.DATE, types.TIMESTAMP, types.TIMESTAMPTZ, types.INTERVAL] as const;

function dateParsers(client: PGlite): ParserOptions {
  return Object.fromEntries(DRIZZLE_TEXT_TYPES.map((t) => [t, client.parsers[t]!])) as ParserOptions;
}

/**
 * A view of `target` with some methods replaced; every other method runs on the target itself (PGlite's
 * methods use private fields: called on the proxy they would fail).
 */
function viewOf<T extends object>(target: T, replace: Partial<Record<keyof T, unknown>>): T {
  return new Proxy(target, {
    get(obj, prop) {
      if (Object.hasOwn(replace, prop)) return replace[prop as keyof T];
      const v = Reflect.get(obj, prop, obj);
      return typeof v === 'function' ? v.bind(obj) : v;
    },
  });
}

function forDrizzle(client: PGlite): PGlite {
  for (const t of DRIZZLE_TEXT_TYPES) client.parsers[t] = (v: string) => v;
  const view = <T extends PGlite | Transaction>(target: T): T =>
    viewOf<T>(target, {
      query: (q: string, params?: unknown[], opts?: QueryOptions) => {
        if (!opts?.parsers) return target.query(q, params, opts);
        const { parsers: _drop, ...rest } = opts;
        return target.query(q, params, rest);
      },
      ...('transaction' in target && typeof target.transaction === 'function'
        ? {
            transaction: <R>(fn: (tx: Transaction) => Promise<R>) =>
              (target as PGlite).transaction((tx) => fn(view(tx))),
          }
        : {}),
    } as Partial<Record<keyof T, unknown>>);
  return view(client);
}

/** A view of the instance whose queries parse with `parsers` on top of the instance's table. */
function withParsers(client: PGlite, parsers: ParserOptions): PGlite {
  const merged = (opts?: QueryOptions) => ({ ...opts, parsers: { ...parsers, ...opts?.parsers } });
  return viewOf(client, {
    query: (q: string, params?: unknown[], opts?: QueryOptions) => client.query(q, params, merged(opts)),
    exec: (q: string, opts?: QueryOptions) => client.exec(q, merged(opts)),
  });
}

/** Run one SQL statement and return its rows (for the few places that need raw SQL, such as health checks). */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

export { sql };
