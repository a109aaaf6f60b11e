import { mkdirSync } from 'node:fs';
import type { PGlite, QueryOptions, Transaction } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { type PgliteHandle, startPgliteWorker, withParserSet } from './pglite-remote.ts';

/** The drizzle handle both engines share. Repositories type against this, never a driver. */
export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = PgTransaction<PgQueryResultHKT>;
/** Anything a repository can run a query on: the database or an open transaction. */
export type Executor = Db | Tx;

export interface Database {
  engine: 'pglite' | 'postgres';
  db: Db;
  /**
   * Set in embedded mode: the single PGlite session, which runs in a worker thread (`pglite-remote.ts`).
   * Dates, timestamps and intervals come back as text (drizzle's parser set).
   */
  pglite?: PgliteHandle;
  /** Embedded mode: the same session as pg-boss sees it (PGlite's default parsing of dates as Dates). */
  queueClient?: PgliteHandle;
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

/**
 * The embedded database: PGlite in a worker thread (extensions pg_trgm, citext, unaccent; migrations create
 * them), so that its queries run off the event loop. `loadDataDir` starts from a dump (tests). `onLost`: the
 * database thread stopped without `close()` (see `startPgliteWorker`).
 */
export async function openPglite(
  dataDir: string | undefined,
  opts: { loadDataDir?: Blob; onLost?: (err: Error) => void } = {},
): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await startPgliteWorker({
    ...(dataDir ? { dataDir } : {}),
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    ...(opts.onLost ? { onLost: opts.onLost } : {}),
  });
  const db = drizzlePglite({ client: forDrizzle(client) as unknown as PGlite }) as unknown as Db;
  return {
    engine: 'pglite',
    db,
    pglite: client,
    queueClient: withParserSet(client, 'queue'),
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
 * drizzle reads timestamps, dates and intervals as text and converts them itself, so its PGlite driver passes
 * those four parsers with every query. The worker's instance has them in its own table already (see
 * pglite-worker.js), and functions cannot cross to the worker: drizzle talks to a view of the handle that
 * drops them. The view calls the handle's methods at call time (a benchmark may wrap them).
 */
/** Marks drizzle's view of the PGlite handle (and of its transactions): statements may be pipelined. */
const PIPELINED = Symbol('pipelined');
function pipelined<T extends object>(view: T): T {
  Object.defineProperty(view, PIPELINED, { value: true });
  return view;
}

function forDrizzle(client: PgliteHandle): PgliteHandle {
  const strip = (opts?: QueryOptions): QueryOptions | undefined => {
    if (!opts?.parsers) return opts;
    const { parsers: _drop, ...rest } = opts;
    return rest;
  };
  const txView = (tx: Transaction): Transaction =>
    pipelined<Transaction>({
      query: (q, params, opts) => tx.query(q, params, strip(opts)),
      sql: (strings, ...values) => tx.sql(strings, ...values),
      exec: (q, opts) => tx.exec(q, strip(opts)),
      rollback: () => tx.rollback(),
      listen: (channel, cb) => tx.listen(channel, cb),
      get closed() {
        return tx.closed;
      },
    });
  return pipelined<PgliteHandle>({
    query: (q, params, opts) => client.query(q, params, strip(opts)),
    exec: (q, opts) => client.exec(q, strip(opts)),
    transaction: (fn) => client.transaction((tx) => fn(txView(tx))),
    listen: (channel, cb) => client.listen(channel, cb),
    dumpDataDir: (c) => client.dumpDataDir(c),
    get closed() {
      return client.closed;
    },
    close: () => client.close(),
  });
}

/** Run one SQL statement and return its rows (for the few places that need raw SQL, such as health checks). */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

/**
 * One autocommitted statement of fixed text on a hot path (run once per item, such as a delivery attempt's
 * `started` row per message), by the cheapest route of each engine: node-postgres runs it as a named
 * prepared statement (parsed and planned once per connection); PGlite runs it through the simple protocol
 * with the values written in as literals (its extended protocol costs about 0.1 ms more per statement, a
 * third of a small statement's time). `name` names the text (one text per name). The text holds `$1`...
 * placeholders and no string literal of its own containing `$`; values are strings, finite numbers or null.
 */
export async function runStatement(
  db: Db,
  name: string,
  text: string,
  values: readonly (string | number | null)[],
): Promise<void> {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (client instanceof pg.Pool) {
    await client.query({ name, text, values: [...values] });
    return;
  }
  const handle = client as Pick<PgliteHandle, 'exec'> | undefined;
  if (!handle?.exec) throw new Error('runStatement: neither a node-postgres pool nor a PGlite handle');
  await handle.exec(inlineValues(text, values));
}

/**
 * Whether an executor may be sent a statement before the previous one's reply: PGlite's one session (in its
 * worker thread) queues statements in the order sent, so a transaction's independent statements cost one
 * round trip together instead of one each (and the transaction holds the session for less time). A
 * node-postgres connection runs one query at a time (and deprecates overlapping calls).
 */
function pipelines(db: Executor): boolean {
  const client = (db as unknown as { session?: { client?: Record<symbol, unknown> } }).session?.client;
  return client?.[PIPELINED] === true;
}

/**
 * Independent pieces of work on one executor (typically one transaction), each a chain of statements: started
 * together where the engine pipelines (PGlite), one after the other in the order given on node-postgres (where
 * a failure stops the rest). On PGlite every piece is settled before this throws the first failure (in the
 * order given), so no statement is sent after the caller's transaction has ended. The pieces must not depend
 * on each other's writes: on PGlite their statements interleave.
 */
export async function together<T extends readonly unknown[]>(
  db: Executor,
  ...pieces: { [K in keyof T]: () => Promise<T[K]> }
): Promise<T> {
  if (!pipelines(db)) {
    const out: unknown[] = [];
    for (const piece of pieces) out.push(await piece());
    return out as unknown as T;
  }
  const settled = await Promise.allSettled(pieces.map((piece) => Promise.resolve().then(piece)));
  const failures = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  // The cause rather than its echo: after a failure, the other pieces' statements fail as "current
  // transaction is aborted" (25P02).
  const code = (e: unknown) =>
    (e as { code?: unknown })?.code ?? (e as { cause?: { code?: unknown } })?.cause?.code;
  const cause = failures.find((e) => code(e) !== '25P02');
  if (failures.length) throw cause ?? failures[0];
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** `$n` placeholders replaced by SQL literals: numbers in parentheses, strings as escape strings. */
export function inlineValues(text: string, values: readonly (string | number | null)[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= values.length) throw new Error(`inlineValues: no value for $${n}`);
    const v = values[i];
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new Error(`inlineValues: $${n} is not a finite number`);
      // In parentheses: `$1-$2` with -1 must not become a comment, nor `-5::text` a cast of 5.
      return `(${String(v)})`;
    }
    if (v.includes('\0')) throw new Error(`inlineValues: $${n} holds a NUL character`);
    // An escape string with backslashes and quotes doubled: the same text whatever standard_conforming_strings says.
    return `E'${v.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
  });
}

export { sql };
