/**
 * The baseline for bench/http.bench.ts: a bare Fastify 5 server, no auth, no validation, no logging, that
 * answers GET /users with the app's own data query for GET /api/v1/users?limit=20 (the page of users with
 * their roles, one statement: see listUsers in src/modules/identity/identity.repository.ts) on the same
 * database and driver, and the same response body, byte for byte (the benchmark checks). So the difference
 * between the two measures what the framework, authentication and audit add, not a different query.
 *
 *   tsx bench/baseline-server.ts --port <n> --workspace <uuid> (--pglite-dir <dir> | --database-url <url>)
 *
 * PGlite: opened with the app's own `openPglite` (platform/db/client.ts), i.e. the same driver: PGlite in a
 * worker thread with the same extensions, queried through the same handle (dates as text, converted here as
 * drizzle converts them in the app); it takes the app's pid lock file (<data dir>/prospector.lock) so that
 * the app cannot open the directory at the same time.
 * PostgreSQL: a node-postgres Pool of 10, like the app's.
 */
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import pg from 'pg';
import { openPglite } from '../src/platform/db/client.ts';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string' },
    workspace: { type: 'string' },
    'pglite-dir': { type: 'string' },
    'database-url': { type: 'string' },
  },
});
if (!args.port || !args.workspace || (!args['pglite-dir'] && !args['database-url'])) {
  process.stderr.write(
    'usage: baseline-server.ts --port N --workspace UUID (--pglite-dir DIR | --database-url URL)\n',
  );
  process.exit(2);
}
const workspaceId = args.workspace;

// The same statement the app runs for the page (identity.repository.ts listUsers, first page, no filter).
const LIST_USERS = `select u.id, u.email, u.name, u.status, u.created_at as "createdAt", u.last_sign_in_at as "lastSignInAt",
    coalesce((select json_agg(json_build_object('id', r.id, 'key', r.key, 'name', r.name) order by r.name)
      from user_roles ur join roles r on r.id = ur.role_id where ur.user_id = u.id), '[]'::json) as roles
  from users u where u.workspace_id = $1
  order by u.created_at, u.id limit $2`;
const LIMIT = 20;

interface UserRow {
  id: string;
  email: string;
  name: string;
  status: string;
  /** A Date from node-postgres; PostgreSQL's text from the app's PGlite handle (drizzle's parser set). */
  createdAt: Date | string;
  lastSignInAt: Date | string | null;
  roles: { id: string; key: string; name: string }[];
}

const iso = (v: Date | string) => (typeof v === 'string' ? new Date(v) : v).toISOString();

let query: (text: string, params: unknown[]) => Promise<UserRow[]>;
let close: () => Promise<void>;

if (args['pglite-dir']) {
  const dir = path.resolve(args['pglite-dir']);
  // The app's lock lives in the parent of its PGlite directory (<data dir>/prospector.lock).
  const lockFile = path.join(path.dirname(dir), 'prospector.lock');
  const fd = openSync(lockFile, 'wx');
  writeSync(
    fd,
    JSON.stringify({ pid: process.pid, purpose: 'bench baseline', since: new Date().toISOString() }),
  );
  closeSync(fd);
  process.once('exit', () => rmSync(lockFile, { force: true }));
  const database = await openPglite(dir);
  const db = database.pglite!;
  query = async (text, params) => (await db.query<UserRow>(text, params)).rows;
  close = () => database.close();
} else {
  const pool = new pg.Pool({ connectionString: args['database-url'], max: 10 });
  query = async (text, params) => (await pool.query<UserRow>(text, params)).rows;
  close = () => pool.end();
}

const app = Fastify({ logger: false });

app.get('/readyz', async () => {
  await query('select 1', []);
  return { status: 'ready' };
});

app.get('/users', async () => {
  const rows = await query(LIST_USERS, [workspaceId, LIMIT + 1]);
  const items = rows.slice(0, LIMIT).map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    status: r.status,
    roles: r.roles,
    createdAt: iso(r.createdAt),
    lastSignInAt: r.lastSignInAt === null ? null : iso(r.lastSignInAt),
  }));
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rows.length > LIMIT && last
        ? Buffer.from(JSON.stringify([last.createdAt, last.id])).toString('base64url')
        : null,
  };
});

let closing = false;
const shutdown = () => {
  if (closing) process.exit(1);
  closing = true;
  app
    .close()
    .then(close)
    .then(
      () => process.exit(0),
      () => process.exit(1),
    );
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

await app.listen({ host: '127.0.0.1', port: Number(args.port) });
