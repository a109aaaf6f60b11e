import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, cli, freePort, run, startServer, stop, tempDir, waitReady } from './support.ts';

/**
 * Server mode on real PostgreSQL: runs only when TEST_DATABASE_URL points at a cluster we may create databases
 * on (CI starts one with scripts/pg-cluster.sh). A fresh database per run, dropped afterwards.
 */
const adminUrl = process.env.TEST_DATABASE_URL;
const dbName = `cli_${process.pid}_${Date.now()}`;
const databaseUrl = adminUrl ? withDatabase(adminUrl, dbName) : '';

function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(q: string) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(q);
  } finally {
    await c.end();
  }
}

afterEach(cleanup);

describe.skipIf(!adminUrl)('CLI in server mode (DATABASE_URL)', () => {
  const env = () => ({ DATABASE_URL: databaseUrl });
  // The commands must not touch a data dir in server mode; point it somewhere harmless anyway.
  const args = (...a: string[]) => ['--data-dir', tempDir(), ...a];

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${dbName}`);
  });
  afterAll(async () => {
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  });

  it('migrate, start, user create, token create, serve with the token, audit verify, newer schema', async () => {
    // serve refuses an unmigrated database.
    const early = await run(args('serve', '--port', String(await freePort())), env());
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/behind this code/);

    const m = await run(args('migrate'), env());
    expect(m.code, m.output).toBe(0);
    expect((await run(args('migrate'), env())).code).toBe(0); // idempotent

    const first = await startServer(tempDir(), env());
    expect(first.c.stdout()).toContain('First run: sign in as');
    expect(first.c.stdout()).toContain('PostgreSQL');
    expect(await stop(first.c)).toBe(0);

    const user = await run(args('user', 'create', '--email', 'x@y.z', '--role', 'recruiter'), env());
    expect(user.code, user.output).toBe(0);
    expect(user.stdout).toMatch(/Password \(shown once\): \S{12,}/);
    const tok = await run(args('token', 'create', '--user', 'x@y.z', '--scopes', 'all'), env());
    expect(tok.code, tok.output).toBe(0);
    const secret = tok.stdout.match(/\bprs_\S+/)?.[0];
    expect(secret, tok.stdout).toBeDefined();

    const port = await freePort();
    const serve = cli(args('serve', '--port', String(port)), env());
    const base = `http://127.0.0.1:${port}`;
    await waitReady(base, serve);
    const res = await fetch(`${base}/api/v1/auth/session`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(res.status).toBe(200);
    expect(await stop(serve)).toBe(0);

    const ok = await run(args('audit', 'verify'), env());
    expect(ok.code, ok.output).toBe(0);
    expect(ok.stdout).toContain('chain intact');

    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    try {
      await c.query(
        'ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only; ' +
          `UPDATE audit_events SET after = '{"x":1}' WHERE seq = 2`,
      );
      const broken = await run(args('audit', 'verify'), env());
      expect(broken.code, broken.output).toBe(1);
      expect(broken.stdout).toMatch(/BROKEN .*entry 2\b/);

      await c.query(
        `INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('x', ${Date.UTC(2999, 0, 1)})`,
      );
    } finally {
      await c.end();
    }

    const newer = await run(args('start', '--port', String(await freePort())), env());
    expect(newer.code).toBe(1);
    expect(newer.stderr).toMatch(/schema is newer than this code/);
  });
});
