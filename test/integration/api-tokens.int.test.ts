import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/modules/identity/auth.service.ts';
import { authCache } from '../../src/modules/identity/auth-cache.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { Client, createTestApp, problem, type TestApp } from '../support/app.ts';

const clock = fixedClock(new Date('2025-06-02T08:00:00Z'));
const DAY = 86_400_000;

let t: TestApp;
let workspaceId: string;
let admin: Client;
let recruiter: Client;
let otherRecruiter: Client;

interface Created {
  token: { id: string; prefix: string; scopes: string[]; userId: string; expiresAt: string };
  secret: string;
}

async function createToken(owner: Client, scopes: string[], expiresInDays = 30): Promise<Created> {
  const res = await owner.post('/api/v1/api-tokens', { name: 'integration', scopes, expiresInDays });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Created;
}

/** Use a token twice and check that it is then answered from the authentication cache. */
async function warm(api: Client, url = '/api/v1/api-tokens') {
  expect((await api.get(url)).statusCode).toBe(200);
  expect((await api.get(url)).statusCode).toBe(200);
  expect(authCache.has(t.database.db, sha256(api.auth.bearer!), clock.now().getTime())).toBe(true);
}

/** A caller that authenticates with the bearer token only (no cookie, no CSRF token). */
function bearer(owner: Client, secret: string): Client {
  return new Client(t.app, { bearer: secret }, owner.info);
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  ({ workspaceId, admin } = await t.workspace());
  recruiter = await t.user(workspaceId, { roles: ['recruiter'] });
  otherRecruiter = await t.user(workspaceId, { roles: ['recruiter'] });
});
afterAll(() => t?.close());

describe('creating and using a token', () => {
  it('returns the secret once; lists show only its prefix', async () => {
    const { token, secret } = await createToken(admin, ['users:read']);
    expect(secret).toMatch(/^prs_[\w-]{40,}$/);
    expect(token.prefix).toBe(secret.slice(0, 10));
    expect(token.userId).toBe(admin.info.userId);
    expect(new Date(token.expiresAt).getTime()).toBe(clock.now().getTime() + 30 * DAY);

    const list = await admin.get('/api/v1/api-tokens');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(secret);
    expect(list.body).not.toContain(secret.slice(10));
    const listed = list.json().items.find((x: { id: string }) => x.id === token.id);
    expect(listed).toMatchObject({ prefix: token.prefix, scopes: ['users:read'], revokedAt: null });
    expect(Object.keys(listed)).not.toContain('secret');
  });

  it('works as a Bearer token within its scopes only, even for an admin', async () => {
    const { secret } = await createToken(admin, ['users:read']);
    const api = bearer(admin, secret);
    const list = await api.get('/api/v1/users');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.length).toBeGreaterThanOrEqual(3);
    const write = await api.post('/api/v1/users', { email: 'via-token@example.com', name: 'Via Token' });
    expect(write.statusCode).toBe(403);
    expect(problem(write).code).toBe('missing_permission');
    const roles = await api.get('/api/v1/roles');
    expect(roles.statusCode).toBe(403);
  });

  it('records when it was last used', async () => {
    const { token, secret } = await createToken(admin, ['users:read']);
    await bearer(admin, secret).get('/api/v1/users');
    const listed = (await admin.get('/api/v1/api-tokens'))
      .json()
      .items.find((x: { id: string }) => x.id === token.id);
    expect(listed.lastUsedAt).toBe(clock.now().toISOString());
  });

  it('refuses scopes the user does not hold with 400 naming scopes.N', async () => {
    const res = await recruiter.post('/api/v1/api-tokens', {
      name: 'too much',
      scopes: ['api_tokens:own', 'users:write'],
      expiresInDays: 7,
    });
    expect(res.statusCode).toBe(400);
    expect(problem(res).code).toBe('scope_not_held');
    expect(problem(res).errors?.map((e) => e.field)).toEqual(['scopes.1']);
  });

  it('lets bearer writes through without a CSRF header', async () => {
    const { secret } = await createToken(admin, ['users:write', 'users:read']);
    const res = await bearer(admin, secret).post('/api/v1/users', {
      email: 'made-by-token@example.com',
      name: 'Made By Token',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().user.email).toBe('made-by-token@example.com');
  });
});

describe('a token stops working', () => {
  it('when revoked', async () => {
    const { token, secret } = await createToken(recruiter, ['api_tokens:own']);
    const api = bearer(recruiter, secret);
    await warm(api);
    expect((await recruiter.delete(`/api/v1/api-tokens/${token.id}`)).statusCode).toBe(204);
    const res = await api.get('/api/v1/api-tokens');
    expect(res.statusCode).toBe(401);
    expect(problem(res).code).toBe('unauthenticated');
    const listed = (await recruiter.get('/api/v1/api-tokens'))
      .json()
      .items.find((x: { id: string }) => x.id === token.id);
    expect(listed.revokedAt).not.toBeNull();
  });

  it('when it expires', async () => {
    const { secret } = await createToken(recruiter, ['api_tokens:own'], 1);
    const api = bearer(recruiter, secret);
    clock.advance(DAY - 60_000);
    expect((await api.get('/api/v1/api-tokens')).statusCode).toBe(200);
    clock.advance(2 * 60_000);
    expect((await api.get('/api/v1/api-tokens')).statusCode).toBe(401);
  });

  it('loses a permission when its user loses the role that granted it', async () => {
    const user = await t.user(workspaceId, { roles: ['auditor', 'recruiter'] });
    const { secret } = await createToken(user, ['users:read', 'api_tokens:own']);
    const api = bearer(user, secret);
    await warm(api, '/api/v1/users');
    const roles = (await admin.get('/api/v1/roles')).json().items as { id: string; key: string }[];
    const recruiterRole = roles.find((r) => r.key === 'recruiter')!.id;
    const res = await admin.patch(`/api/v1/users/${user.info.userId}`, { roleIds: [recruiterRole] });
    expect(res.statusCode).toBe(200);
    const after = await api.get('/api/v1/users');
    expect(after.statusCode).toBe(403);
    expect(problem(after).code).toBe('missing_permission');
    // The scope the user still holds keeps working.
    expect((await api.get('/api/v1/api-tokens')).statusCode).toBe(200);
  });

  it('when its user is disabled', async () => {
    const user = await t.user(workspaceId, { roles: ['sourcer'] });
    const { secret } = await createToken(user, ['api_tokens:own']);
    await warm(bearer(user, secret));
    await admin.patch(`/api/v1/users/${user.info.userId}`, { status: 'disabled' });
    expect((await bearer(user, secret).get('/api/v1/api-tokens')).statusCode).toBe(401);
  });

  it('loses a permission at once when a custom role of its user loses it', async () => {
    const user = await t.user(workspaceId, { permissions: ['users:read', 'api_tokens:own'] });
    const { secret } = await createToken(user, ['users:read', 'api_tokens:own']);
    const api = bearer(user, secret);
    await warm(api, '/api/v1/users');
    const custom = (await admin.get(`/api/v1/users/${user.info.userId}`)).json().roles[0] as { id: string };
    const res = await admin.patch(`/api/v1/roles/${custom.id}`, { permissions: ['api_tokens:own'] });
    expect(res.statusCode, res.body).toBe(200);
    expect((await api.get('/api/v1/users')).statusCode).toBe(403);
    expect((await api.get('/api/v1/api-tokens')).statusCode).toBe(200);
  });
});

describe('tokens of other users', () => {
  it('cannot be seen or revoked by another user (404), but can by a token admin', async () => {
    const { token, secret } = await createToken(recruiter, ['api_tokens:own']);
    const mine = (await otherRecruiter.get('/api/v1/api-tokens')).json().items as { id: string }[];
    expect(mine.map((x) => x.id)).not.toContain(token.id);
    const all = await otherRecruiter.get('/api/v1/api-tokens?all=true');
    expect(all.statusCode).toBe(403);

    const res = await otherRecruiter.delete(`/api/v1/api-tokens/${token.id}`);
    expect(res.statusCode).toBe(404);
    expect(problem(res).code).toBe('api_token_not_found');
    expect((await bearer(recruiter, secret).get('/api/v1/api-tokens')).statusCode).toBe(200);

    const everyToken = (await admin.get('/api/v1/api-tokens?all=true')).json().items as { id: string }[];
    expect(everyToken.map((x) => x.id)).toContain(token.id);
    expect((await admin.delete(`/api/v1/api-tokens/${token.id}`)).statusCode).toBe(204);
    expect((await bearer(recruiter, secret).get('/api/v1/api-tokens')).statusCode).toBe(401);
  });
});
