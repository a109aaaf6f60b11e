// The embedded database's own thread: one PGlite instance, driven by messages from the main thread
// (`pglite-remote.ts` is the other end and documents the protocol). Plain JavaScript so that the worker
// needs no TypeScript loader of its own (the app runs under tsx, the tests under vitest).
//
// Requests are started in arrival order without waiting for the previous one to finish: PGlite queues them
// on its own mutex, in order, so the main thread may pipeline statements. Transactions are the main thread's
// business (it sends BEGIN and COMMIT and keeps everything else out in between); this side knows nothing of
// them.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, types } from '@electric-sql/pglite';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';

/** Parser sets a request may name (`set`): 0 = the instance's table (drizzle's), 1 = PGlite's dates. */
const QUEUE_SET = 1;

/**
 * drizzle reads timestamps, dates and intervals as text and converts them itself; its driver would pass
 * those four parsers with every query, and PGlite copies its whole parser table (about 400 entries) per
 * query that passes any. So the instance's own table gets drizzle's four once, and drizzle's queries pass
 * none. pg-boss wants PGlite's default Dates: its queries (few) pass the original parsers.
 */
const TEXT_TYPES = [types.DATE, types.TIMESTAMP, types.TIMESTAMPTZ, types.INTERVAL];

const port = parentPort;
if (!port) throw new Error('pglite-worker.js runs in a worker thread');

/** @type {import('@electric-sql/pglite').PGlite} */
let pg;
try {
  const { dataDir, loadDataDir } = workerData ?? {};
  pg = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    extensions: { pg_trgm, citext, unaccent },
    ...(loadDataDir ? { loadDataDir } : {}),
  });
} catch (e) {
  port.postMessage({ ready: false, err: serialiseError(e) });
  port.close();
  throw e;
}

const queueParsers = Object.fromEntries(TEXT_TYPES.map((t) => [t, pg.parsers[t]]));
for (const t of TEXT_TYPES) pg.parsers[t] = (v) => v;

/** LISTEN subscriptions by the channel name the main thread used. */
const unlisteners = new Map();

port.on('message', (m) => {
  run(m).then(
    (ok) => reply({ id: m.id, ok }),
    (e) => reply({ id: m.id, err: serialiseError(e) }),
  );
});
port.postMessage({ ready: true });

function reply(msg) {
  try {
    port.postMessage(msg);
  } catch (e) {
    // A value that cannot cross (structured clone): say so rather than leave the caller waiting.
    port.postMessage({ id: msg.id, err: serialiseError(e) });
  }
}

function options(m) {
  return m.set === QUEUE_SET ? { ...m.opts, parsers: queueParsers } : m.opts;
}

async function run(m) {
  switch (m.op) {
    case 'query':
      return pg.query(m.sql, m.params, options(m));
    case 'exec':
      return pg.exec(m.sql, options(m));
    case 'listen': {
      if (unlisteners.has(m.channel)) return null;
      const channel = m.channel;
      const unlisten = await pg.listen(channel, (payload) => port.postMessage({ channel, payload }));
      unlisteners.set(channel, unlisten);
      return null;
    }
    case 'unlisten': {
      const unlisten = unlisteners.get(m.channel);
      unlisteners.delete(m.channel);
      if (unlisten && !pg.closed) await unlisten();
      return null;
    }
    case 'dump':
      return pg.dumpDataDir(m.compression);
    case 'close':
      if (!pg.closed) await pg.close();
      return null;
    default:
      throw new Error(`unknown database worker request ${m.op}`);
  }
}

/**
 * An error as a plain object: structured clone keeps only an Error's message and stack, and callers need
 * PostgreSQL's fields (code, detail, constraint...). The query options are left behind (they may hold
 * functions).
 */
function serialiseError(e) {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e), fields: {} };
  const fields = {};
  for (const [k, v] of Object.entries(e)) {
    if (k === 'queryOptions' || typeof v === 'function') continue;
    fields[k] = v;
  }
  return { name: e.name, message: e.message, stack: e.stack, fields };
}
