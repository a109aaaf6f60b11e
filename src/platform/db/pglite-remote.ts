import { Worker } from 'node:worker_threads';
import type { PGlite, QueryOptions, Results, Transaction } from '@electric-sql/pglite';

type DumpTarCompressionOptions = Parameters<PGlite['dumpDataDir']>[0];

/**
 * The embedded database in a worker thread, and the PGlite-shaped handle the main thread uses.
 *
 * PGlite runs each query synchronously on the thread that calls it (WASM). In the main thread that held every
 * request for the length of every query, and under load requests waited with their objects alive. The
 * instance lives in `pglite-worker.js` instead; this handle sends it statements and gets results back by
 * structured clone (Dates, Uint8Array, Blob survive). What it keeps of PGlite's behaviour:
 * - one session: statements run one at a time, in the order they were sent (they are pipelined: a statement
 *   does not wait for the previous one's reply before it is sent);
 * - `transaction(fn)` is exclusive: from BEGIN to COMMIT/ROLLBACK only the transaction's own statements are
 *   sent; everything else (queries, exec, LISTEN, dump, close) waits in order behind it, as with PGlite's own
 *   transaction mutex. An error in `fn` rolls back; a COMMIT that the server turned into a ROLLBACK throws;
 * - errors keep PostgreSQL's fields (code, detail, constraint, ...);
 * - LISTEN: notifications raised in the worker are delivered to the main thread's callbacks.
 * What it cannot do: parser and serializer functions do not cross threads. The worker owns two parser sets,
 * named per handle (`parsers`): `drizzle` (dates, timestamps and intervals as text, the instance's table) and
 * `queue` (PGlite's default Dates, for pg-boss).
 */
export type ParserSet = 'drizzle' | 'queue';
const SET_CODE: Record<ParserSet, number> = { drizzle: 0, queue: 1 };

/** The calls of PGlite that the app, drizzle and pg-boss make. */
export interface PgliteHandle {
  query<T>(query: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(query: string, options?: QueryOptions): Promise<Results[]>;
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>;
  dumpDataDir(compression?: DumpTarCompressionOptions): Promise<Blob>;
  readonly closed: boolean;
  close(): Promise<void>;
}

type Request =
  | { op: 'query'; sql: string; params: unknown[] | undefined; opts: QueryOptions | undefined; set: number }
  | { op: 'exec'; sql: string; opts: QueryOptions | undefined; set: number }
  | { op: 'listen' | 'unlisten'; channel: string }
  | { op: 'dump'; compression: DumpTarCompressionOptions | undefined }
  | { op: 'close' };

interface SerialisedError {
  name: string;
  message: string;
  stack?: string;
  fields: Record<string, unknown>;
}

type Reply =
  | { ready: true }
  | { ready: false; err: SerialisedError }
  | { id: number; ok: unknown }
  | { id: number; err: SerialisedError }
  | { channel: string; payload: string };

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

const workerUrl = new URL('./pglite-worker.js', import.meta.url);

/**
 * Start the database thread. `onLost` is called once if the thread stops other than by `close()` (a WASM
 * abort, an out-of-memory kill of the thread): every statement then fails, so the process that owns the
 * database should stop rather than serve errors.
 */
export async function startPgliteWorker(
  opts: { dataDir?: string; loadDataDir?: Blob; onLost?: (err: Error) => void } = {},
): Promise<PgliteHandle> {
  const conn = new Connection(
    new Worker(workerUrl, {
      workerData: {
        ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
        ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
      },
    }),
    opts.onLost,
  );
  await conn.ready;
  return new RemotePglite(conn, 'drizzle');
}

/** The same session with another parser set (see `ParserSet`). */
export function withParserSet(handle: PgliteHandle, parsers: ParserSet): PgliteHandle {
  if (!(handle instanceof RemotePglite)) throw new Error('not a worker-backed PGlite handle');
  return new RemotePglite(handle.conn, parsers);
}

class Connection {
  readonly ready: Promise<void>;
  closed = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** A transaction holds the session. */
  private locked = false;
  /** Waiting behind a transaction, in order: statements to send, or a transaction to start. */
  private readonly queue: { tx: boolean; go: () => void }[] = [];
  private readonly listeners = new Map<
    string,
    { callbacks: Set<(p: string) => void>; ready: Promise<unknown> }
  >();
  private failure: Error | undefined;
  /** `close()` has begun: the thread's exit is expected. */
  private closing = false;

  constructor(
    private readonly worker: Worker,
    onLost?: (err: Error) => void,
  ) {
    this.ready = new Promise((resolve, reject) => {
      const onReady = (m: Reply) => {
        if (!('ready' in m)) return;
        worker.off('message', onReady);
        if (m.ready) resolve();
        else reject(toError(m.err));
      };
      worker.on('message', onReady);
      worker.once('exit', () => reject(new Error('the database worker exited while starting')));
    });
    worker.on('message', (m: Reply) => {
      if ('id' in m) {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (!this.pending.size) worker.unref();
        if ('err' in m) p.reject(toError(m.err));
        else p.resolve(m.ok);
      } else if ('channel' in m) {
        const l = this.listeners.get(m.channel);
        if (l) for (const cb of l.callbacks) cb(m.payload);
      }
    });
    worker.on('error', (err) => {
      this.failure = err;
    });
    worker.on('exit', (code) => {
      this.closed = true;
      const err = this.failure ?? new Error(`the database worker exited (code ${code})`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      if (!this.closing) onLost?.(err);
    });
  }

  /** Send now, whatever holds the session (a transaction's own statements, or when the session is free). */
  send(req: Request): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the database is closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (!this.pending.size) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...req });
    });
  }

  /** Send once no transaction holds the session (in order with everything that waits). */
  outside(req: Request): Promise<unknown> {
    if (!this.locked && !this.queue.length) return this.send(req);
    return new Promise((resolve, reject) => {
      this.queue.push({ tx: false, go: () => this.send(req).then(resolve, reject) });
    });
  }

  acquire(): Promise<void> {
    if (!this.locked && !this.queue.length) {
      this.locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push({ tx: true, go: resolve }));
  }

  release(): void {
    this.locked = false;
    for (let w = this.queue.shift(); w; w = this.queue.shift()) {
      if (w.tx) {
        this.locked = true;
        w.go();
        return;
      }
      w.go();
    }
  }

  async listen(channel: string, callback: (p: string) => void, inTx: boolean): Promise<() => Promise<void>> {
    let l = this.listeners.get(channel);
    if (!l) {
      const req: Request = { op: 'listen', channel };
      l = { callbacks: new Set(), ready: inTx ? this.send(req) : this.outside(req) };
      this.listeners.set(channel, l);
    }
    const entry = l;
    entry.callbacks.add(callback);
    try {
      await entry.ready;
    } catch (e) {
      entry.callbacks.delete(callback);
      if (this.listeners.get(channel) === entry) this.listeners.delete(channel);
      throw e;
    }
    return async () => {
      entry.callbacks.delete(callback);
      if (entry.callbacks.size || this.listeners.get(channel) !== entry) return;
      this.listeners.delete(channel);
      if (!this.closed) await this.outside({ op: 'unlisten', channel });
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closing = true;
    await this.outside({ op: 'close' }).catch(() => undefined);
    this.closed = true;
    await this.worker.terminate();
  }
}

/** Options that can cross to the worker: no functions (parsers, serializers, callbacks). */
function crossable(opts: QueryOptions | undefined): QueryOptions | undefined {
  if (!opts) return undefined;
  if (opts.parsers || opts.serializers || opts.onNotice) {
    throw new Error(
      'PGlite runs in a worker thread: per-query parsers, serializers and callbacks cannot be passed (see pglite-remote.ts)',
    );
  }
  return opts;
}

class RemotePglite implements PgliteHandle {
  private readonly set: number;

  constructor(
    readonly conn: Connection,
    parsers: ParserSet,
  ) {
    this.set = SET_CODE[parsers];
  }

  get closed(): boolean {
    return this.conn.closed;
  }

  // async: a refused option rejects like a failed query (the body runs at once, so the order of sends holds).
  async query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    return this.conn.outside({
      op: 'query',
      sql,
      params,
      opts: crossable(options),
      set: this.set,
    }) as Promise<Results<T>>;
  }

  async exec(sql: string, options?: QueryOptions): Promise<Results[]> {
    return this.conn.outside({ op: 'exec', sql, opts: crossable(options), set: this.set }) as Promise<
      Results[]
    >;
  }

  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>> {
    return this.conn.listen(channel, callback, false);
  }

  dumpDataDir(compression?: DumpTarCompressionOptions): Promise<Blob> {
    return this.conn.outside({ op: 'dump', compression }) as Promise<Blob>;
  }

  close(): Promise<void> {
    return this.conn.close();
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    const conn = this.conn;
    await conn.acquire();
    try {
      await conn.send({ op: 'exec', sql: 'BEGIN', opts: undefined, set: this.set });
      const tx = new RemoteTransaction(conn, this.set);
      try {
        const result = await fn(tx);
        if (!tx.closed) {
          tx.closed = true;
          const [res] = (await conn.send({ op: 'exec', sql: 'COMMIT', opts: undefined, set: this.set })) as {
            command?: string;
          }[];
          // A transaction that failed inside (an error caught by the caller) is rolled back by COMMIT.
          if (res?.command === 'ROLLBACK') {
            throw Object.assign(
              new Error('current transaction is aborted, commands ignored until end of transaction block'),
              {
                code: '25P02',
              },
            );
          }
        }
        return result;
      } catch (e) {
        if (!tx.closed) {
          tx.closed = true;
          await conn.send({ op: 'exec', sql: 'ROLLBACK', opts: undefined, set: this.set });
        }
        throw e;
      }
    } finally {
      conn.release();
    }
  }
}

class RemoteTransaction implements Transaction {
  closed = false;

  constructor(
    private readonly conn: Connection,
    private readonly set: number,
  ) {}

  private open(): void {
    if (this.closed) throw new Error('Transaction is closed');
  }

  async query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    this.open();
    return (await this.conn.send({
      op: 'query',
      sql,
      params,
      opts: crossable(options),
      set: this.set,
    })) as Results<T>;
  }

  async sql<T>(strings: TemplateStringsArray, ...values: unknown[]): Promise<Results<T>> {
    let text = strings[0] ?? '';
    for (let i = 0; i < values.length; i++) text += `$${i + 1}${strings[i + 1] ?? ''}`;
    return this.query<T>(text, values);
  }

  async exec(sql: string, options?: QueryOptions): Promise<Results[]> {
    this.open();
    return (await this.conn.send({ op: 'exec', sql, opts: crossable(options), set: this.set })) as Results[];
  }

  async rollback(): Promise<void> {
    this.open();
    await this.conn.send({ op: 'exec', sql: 'ROLLBACK', opts: undefined, set: this.set });
    this.closed = true;
  }

  async listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>> {
    this.open();
    return this.conn.listen(channel, callback, true);
  }
}

function toError(s: SerialisedError): Error {
  const e = new Error(s.message);
  Object.assign(e, s.fields);
  e.name = s.name;
  if (s.stack) e.stack = s.stack;
  return e;
}
