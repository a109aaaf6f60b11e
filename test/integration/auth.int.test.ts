import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/modules/identity/auth.service.ts';
import { AUTH_CACHE_TTL_MS, AUTH_CHANNEL, authCache } from '../../src/modules/identity/auth-cache.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { queryRows, sql } from '../../src/platform/db/client.ts';
import { type Client, createTestApp, PASSWORD, problem, type TestApp } from '../support/app.ts';
import { testEngine } from '../support/engine.ts';

const TTL_HOURS = 2;
const clock = fixedClock(new Date('2025-03-01T09:00:00Z'));

let t: TestApp;
let workspaceId: string;
let admin: Client;

function signInRaw(email: string, password: string, remoteAddress?: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { email, password },
    ...(remoteAddress ? { remoteAddress } : {}),
  });
}

function fieldsOf(res: Awaited<ReturnType<Client['get']>>) {
  return (problem(res).errors ?? []).map((e) => e.field);
}

beforeAll(async () => {
  t = await createTestApp({ clock, env: { PROSPECTOR_SESSION_TTL_HOURS: String(TTL_HOURS) } });
  ({ workspaceId, admin } = await t.workspace());
});
afterAll(() => t?.close());

describe('sign-in', () => {
  it('refuses a wrong password and an unknown email alike with 401 bad_credentials', async () => {
    for (const res of [
      await signInRaw(admin.info.email, 'not the password at all'),
      await signInRaw('nobody-here@example.com', PASSWORD),
    ]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(problem(res).code).toBe('bad_credentials');
      expect(res.cookies.find((c) => c.name === 'prospector_session')).toBeUndefined();
    }
  });

  it('accepts the email in any case and sets an httpOnly SameSite=Lax session cookie', async () => {
    const res = await signInRaw(admin.info.email.toUpperCase(), PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'prospector_session')!;
    expect(cookie.value.length).toBeGreaterThan(20);
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.path).toBe('/');
    expect(new Date(cookie.expires!).getTime()).toBe(clock.now().getTime() + TTL_HOURS * 3600_000);
    // The raw secret is the cookie, never the body.
    expect(res.body).not.toContain(cookie.value);
  });

  it('GET /auth/session returns the user, workspace, permissions and CSRF token', async () => {
    const res = await admin.get('/api/v1/auth/session');
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s.user.email).toBe(admin.info.email);
    expect(s.user.roles.map((r: { key: string }) => r.key)).toEqual(['admin']);
    expect(s.workspace.id).toBe(workspaceId);
    expect(s.permissions).toEqual(expect.arrayContaining(['users:write', 'roles:write', 'audit:read']));
    expect(s.csrfToken).toBe(admin.auth.csrf);
  });

  it('sign-out ends the session: the same cookie then gets 401', async () => {
    const c = await t.signIn(admin.info.email);
    expect((await c.get('/api/v1/auth/session')).statusCode).toBe(200);
    const out = await c.post('/api/v1/auth/sign-out');
    expect(out.statusCode).toBe(204);
    const after = await c.get('/api/v1/auth/session');
    expect(after.statusCode).toBe(401);
    expect(problem(after).code).toBe('unauthenticated');
    // Other sessions of the same user are untouched.
    expect((await admin.get('/api/v1/auth/session')).statusCode).toBe(200);
  });
});

describe('change password', () => {
  let user: Client;
  let other: Client;
  const NEW_PASSWORD = 'a brand new passphrase';

  beforeAll(async () => {
    user = await t.user(workspaceId, { roles: ['recruiter'] });
    other = await t.signIn(user.info.email);
  });

  it('refuses a wrong current password with 400 naming currentPassword', async () => {
    const res = await user.post('/api/v1/auth/password', {
      currentPassword: 'wrong wrong wrong',
      newPassword: NEW_PASSWORD,
    });
    expect(res.statusCode).toBe(400);
    expect(problem(res).code).toBe('bad_current_password');
    expect(fieldsOf(res)).toEqual(['currentPassword']);
  });

  it('refuses a short new password with 400 naming newPassword', async () => {
    const res = await user.post('/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: 'short' });
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toEqual(['newPassword']);
  });

  it('changes it: old password fails, other sessions end, this one keeps working', async () => {
    const res = await user.post('/api/v1/auth/password', {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(res.statusCode).toBe(204);
    expect((await user.get('/api/v1/auth/session')).statusCode).toBe(200);
    expect((await other.get('/api/v1/auth/session')).statusCode).toBe(401);
    expect(problem(await signInRaw(user.info.email, PASSWORD)).code).toBe('bad_credentials');
    expect((await signInRaw(user.info.email, NEW_PASSWORD)).statusCode).toBe(200);
  });
});

describe('disabled users', () => {
  it('cannot sign in, and their open sessions stop working', async () => {
    const user = await t.user(workspaceId, { roles: ['sourcer'] });
    expect((await user.get('/api/v1/auth/session')).statusCode).toBe(200);
    const res = await admin.patch(`/api/v1/users/${user.info.userId}`, { status: 'disabled' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('disabled');
    expect((await user.get('/api/v1/auth/session')).statusCode).toBe(401);
    const again = await signInRaw(user.info.email, PASSWORD);
    expect(again.statusCode).toBe(401);
    expect(problem(again).code).toBe('bad_credentials');
    // Enabled again, they can sign in (the old session stays ended).
    await admin.patch(`/api/v1/users/${user.info.userId}`, { status: 'active' });
    expect((await user.get('/api/v1/auth/session')).statusCode).toBe(401);
    expect((await signInRaw(user.info.email, PASSWORD)).statusCode).toBe(200);
  });
});

describe('session expiry', () => {
  it('ends a session once PROSPECTOR_SESSION_TTL_HOURS have passed', async () => {
    const c = await t.signIn(admin.info.email);
    clock.advance(TTL_HOURS * 3600_000 - 60_000);
    expect((await c.get('/api/v1/auth/session')).statusCode).toBe(200);
    clock.advance(2 * 60_000);
    const res = await c.get('/api/v1/auth/session');
    expect(res.statusCode).toBe(401);
    expect(problem(res).code).toBe('unauthenticated');
  });
});

describe('rate limit', () => {
  let limited: TestApp;
  afterAll(() => limited?.close());

  it('answers the 4th sign-in within a minute with 429 rate_limited when the limit is 3', async () => {
    limited = await createTestApp({ env: { PROSPECTOR_AUTH_RATE_LIMIT: '3' } });
    const { admin: a } = await limited.workspace();
    const attempt = (remoteAddress: string) =>
      limited.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { email: a.info.email, password: 'wrong password here' },
        remoteAddress,
      });
    for (let i = 0; i < 3; i++) expect((await attempt('203.0.113.7')).statusCode).toBe(401);
    const res = await attempt('203.0.113.7');
    expect(res.statusCode).toBe(429);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(problem(res).code).toBe('rate_limited');
    // Even the right password is refused while limited.
    const right = await limited.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: a.info.email, password: PASSWORD },
      remoteAddress: '203.0.113.7',
    });
    expect(right.statusCode).toBe(429);
    // Another client address has its own budget.
    expect((await attempt('203.0.113.8')).statusCode).toBe(401);
  });
});

describe('the authentication cache', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const hashOf = (c: Client) => sha256(c.auth.cookie!);
  const isCached = (c: Client) => authCache.has(t.database.db, hashOf(c), clock.now().getTime());
  /** Two requests: the first reads the session from the database, the second is answered from the cache. */
  async function warm(c: Client) {
    expect((await c.get('/api/v1/auth/session')).statusCode).toBe(200);
    expect((await c.get('/api/v1/auth/session')).statusCode).toBe(200);
    expect(isCached(c)).toBe(true);
  }
  /** End a session behind the application's back: no invalidation, no notification. */
  async function expireBehindTheBack(c: Client) {
    const past = new Date(clock.now().getTime() - 3600_000);
    const rows = await queryRows<{ id: string }>(
      t.database.db,
      sql`update sessions set expires_at = ${past} where secret_hash = ${hashOf(c)} returning id`,
    );
    return rows[0]!.id;
  }
  async function until(what: () => Promise<boolean>, ms = 5000) {
    const deadline = performance.now() + ms;
    while (!(await what())) {
      if (performance.now() > deadline) throw new Error('timed out');
      await sleep(20);
    }
  }
  // The first admin session has expired by now (see 'session expiry'): sign in afresh.
  let boss: Client;
  beforeAll(async () => {
    boss = await t.signIn(admin.info.email);
  });
  afterEach(() => {
    authCache.ttlMs = AUTH_CACHE_TTL_MS;
  });

  it('refuses a cached session at once when it is signed out', async () => {
    const c = await t.signIn(admin.info.email);
    await warm(c);
    expect((await c.post('/api/v1/auth/sign-out')).statusCode).toBe(204);
    expect(isCached(c)).toBe(false);
    expect((await c.get('/api/v1/auth/session')).statusCode).toBe(401);
  });

  it('refuses the cached other sessions of a user at once when the password changes', async () => {
    const user = await t.user(workspaceId, { roles: ['recruiter'] });
    const other = await t.signIn(user.info.email);
    await warm(other);
    await warm(user);
    const res = await user.post('/api/v1/auth/password', {
      currentPassword: PASSWORD,
      newPassword: 'yet another new passphrase',
    });
    expect(res.statusCode).toBe(204);
    expect((await other.get('/api/v1/auth/session')).statusCode).toBe(401);
    expect((await user.get('/api/v1/auth/session')).statusCode).toBe(200);
  });

  it('refuses the cached session of a user at once when the user is disabled', async () => {
    const user = await t.user(workspaceId, { roles: ['sourcer'] });
    await warm(user);
    expect((await boss.patch(`/api/v1/users/${user.info.userId}`, { status: 'disabled' })).statusCode).toBe(
      200,
    );
    expect((await user.get('/api/v1/auth/session')).statusCode).toBe(401);
  });

  it('applies a change of roles to a cached session at once', async () => {
    const user = await t.user(workspaceId, { roles: ['auditor'] });
    await warm(user);
    expect((await user.get('/api/v1/users')).statusCode).toBe(200);
    expect((await boss.patch(`/api/v1/users/${user.info.userId}`, { roleIds: [] })).statusCode).toBe(200);
    expect((await user.get('/api/v1/users')).statusCode).toBe(403);
  });

  it('drops an entry when another process notifies a change (NOTIFY on commit)', async () => {
    const c = await t.signIn(admin.info.email);
    await warm(c);
    const id = await expireBehindTheBack(c);
    // What another serve process sends when it ends this session:
    await queryRows(t.database.db, sql`select pg_notify(${AUTH_CHANNEL}, ${`session:${id}`})`);
    await until(async () => !isCached(c));
    expect((await c.get('/api/v1/auth/session')).statusCode).toBe(401);
  });

  it('sees a change made behind its back (no notification) once the TTL has passed, not before', async () => {
    authCache.ttlMs = 300;
    const c = await t.signIn(admin.info.email);
    await warm(c);
    await expireBehindTheBack(c);
    // The staleness the cache allows: at most the TTL.
    expect((await c.get('/api/v1/auth/session')).statusCode).toBe(200);
    await sleep(350);
    expect((await c.get('/api/v1/auth/session')).statusCode).toBe(401);
  });

  it.runIf(testEngine() === 'postgres')(
    'stops caching while its listener is disconnected, and starts again once it is back',
    async () => {
      const c = await t.signIn(admin.info.email);
      await warm(c);
      await queryRows(
        t.database.db,
        sql`select pg_terminate_backend(pid) from pg_stat_activity
            where application_name = 'prospector-listener' and datname = current_database()`,
      );
      await until(async () => !authCache.enabled(t.database.db));
      expect(authCache.size).toBe(0);
      await expireBehindTheBack(c);
      expect((await c.get('/api/v1/auth/session')).statusCode).toBe(401);
      await until(async () => authCache.enabled(t.database.db));
      await warm(await t.signIn(admin.info.email));
    },
  );
});

describe('response headers', () => {
  it('every response carries a request id and the security headers, errors and unknown routes included', async () => {
    const boss = await t.signIn(admin.info.email);
    const responses = [
      await boss.get('/api/v1/users'),
      await t.app.inject({ method: 'GET', url: '/api/v1/users' }),
      await t.app.inject({ method: 'GET', url: '/api/v1/no-such-route' }),
      await boss.post('/api/v1/users', { email: 'not an email' }),
      await t.app.inject({ method: 'GET', url: '/healthz' }),
    ];
    expect(responses.map((r) => r.statusCode)).toEqual([200, 401, 404, 400, 200]);
    for (const res of responses) {
      expect(res.headers['x-request-id']).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    }
    // A request id the caller sends, if safe, is the one used.
    const given = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(given.headers['x-request-id']).toBe('abc-123');
  });
});
