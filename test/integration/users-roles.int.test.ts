import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../src/platform/http/pagination.ts';
import { type Client, createTestApp, problem, type TestApp } from '../support/app.ts';

let t: TestApp;
let workspaceId: string;
let admin: Client;
let roleIds: Record<string, string>;

interface UserView {
  id: string;
  email: string;
  name: string;
  status: string;
  roles: { id: string; key: string }[];
}

const fields = (res: LightMyRequestResponse) => (problem(res).errors ?? []).map((e) => e.field).sort();

async function createUser(
  body: Record<string, unknown>,
): Promise<{ user: UserView; initialPassword: string | null }> {
  const res = await admin.post('/api/v1/users', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function createRole(by: Client, key: string, permissions: string[]) {
  return by.post('/api/v1/roles', { key, name: `Role ${key}`, permissions });
}

beforeAll(async () => {
  t = await createTestApp();
  ({ workspaceId, admin } = await t.workspace());
  const roles = (await admin.get('/api/v1/roles')).json().items as { id: string; key: string }[];
  roleIds = Object.fromEntries(roles.map((r) => [r.key, r.id]));
});
afterAll(() => t?.close());

describe('creating users', () => {
  it('names every bad field: email, name and an unknown key', async () => {
    const res = await admin.post('/api/v1/users', { email: 'not-an-email', name: '   ', nickname: 'x' });
    expect(res.statusCode).toBe(400);
    expect(problem(res).code).toBe('validation_failed');
    expect(fields(res)).toEqual(['email', 'name', 'nickname']);
  });

  it('refuses a duplicate email (in any case) with 409 naming email', async () => {
    await createUser({ email: 'dup@example.com', name: 'First' });
    const res = await admin.post('/api/v1/users', { email: 'DUP@example.com', name: 'Second' });
    expect(res.statusCode).toBe(409);
    expect(problem(res).code).toBe('email_taken');
    expect(fields(res)).toEqual(['email']);
  });

  it('generates an initial password, returned once, that signs in', async () => {
    const { user, initialPassword } = await createUser({
      email: 'generated@example.com',
      name: 'Gen Erated',
      roleIds: [roleIds.sourcer],
    });
    expect(initialPassword).toMatch(/^[\w-]{20,}$/);
    expect(user.roles.map((r) => r.key)).toEqual(['sourcer']);
    const c = await t.signIn('generated@example.com', initialPassword!);
    expect((await c.get('/api/v1/auth/session')).json().permissions).toContain('fields.strategy:read');
    const again = (await admin.get(`/api/v1/users/${user.id}`)).json();
    expect(JSON.stringify(again)).not.toContain(initialPassword);
  });

  it('refuses an unknown role id with 400 naming roleIds.N', async () => {
    const res = await admin.post('/api/v1/users', {
      email: 'norole@example.com',
      name: 'No Role',
      roleIds: [roleIds.sourcer, '01a22349-0000-7000-8000-000000000000'],
    });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['roleIds.1']);
  });
});

describe('listing users', () => {
  it('walks every user with limit=2 and nextCursor', async () => {
    const everyone = (await admin.get('/api/v1/users?limit=200')).json().items as UserView[];
    expect(everyone.length).toBeGreaterThanOrEqual(3);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await admin.get(`/api/v1/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const page = res.json() as { items: UserView[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((u) => u.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(everyone.map((u) => u.id));
  });

  it('refuses a bad cursor with 400 naming cursor', async () => {
    const tampered = [
      'not-a-cursor',
      encodeCursor(['x']),
      encodeCursor(['not a date', '01a22349-0000-7000-8000-000000000000']),
      encodeCursor([new Date().toISOString(), 'not-a-uuid']),
    ];
    for (const cursor of tampered) {
      const res = await admin.get(`/api/v1/users?limit=2&cursor=${cursor}`);
      expect(res.statusCode, cursor).toBe(400);
      expect(fields(res)).toEqual(['cursor']);
    }
  });

  it('searches email and name with q, and filters by status', async () => {
    await createUser({ email: 'zebra.stripes@example.com', name: 'Zed Stripes' });
    await createUser({ email: 'other@example.com', name: 'Quagga Zebrina' });
    const res = await admin.get('/api/v1/users?q=ZEBR');
    expect((res.json().items as UserView[]).map((u) => u.email).sort()).toEqual([
      'other@example.com',
      'zebra.stripes@example.com',
    ]);
    const none = await admin.get('/api/v1/users?q=%25');
    expect(none.json().items).toEqual([]);
    const disabled = await admin.get('/api/v1/users?status=disabled');
    expect(disabled.json().items).toEqual([]);
  });
});

describe('custom roles', () => {
  it('validates the key and each permission', async () => {
    const bad = await createRole(admin, 'Bad Key', ['users:read']);
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toEqual(['key']);
    const unknown = await createRole(admin, 'unknown_perm', ['users:read', 'rockets:launch']);
    expect(unknown.statusCode).toBe(400);
    expect(problem(unknown).code).toBe('unknown_permission');
    expect(fields(unknown)).toEqual(['permissions.1']);
    const builtinKey = await createRole(admin, 'admin', ['users:read']);
    expect(builtinKey.statusCode).toBe(409);
  });

  it('grant their permissions to their holders, and changes take effect at once', async () => {
    const role = (await createRole(admin, 'user_viewer', ['users:read'])).json();
    expect(role.permissions).toEqual(['users:read']);
    const { user } = await createUser({
      email: 'viewer@example.com',
      name: 'Viewer',
      password: 'viewer password 1',
    });
    const viewer = await t.signIn(user.email, 'viewer password 1');
    expect((await viewer.get('/api/v1/users')).statusCode).toBe(403);
    expect((await admin.patch(`/api/v1/users/${user.id}`, { roleIds: [role.id] })).statusCode).toBe(200);
    expect((await viewer.get('/api/v1/users')).statusCode).toBe(200);
    expect((await viewer.get('/api/v1/roles')).statusCode).toBe(403);

    const upd = await admin.patch(`/api/v1/roles/${role.id}`, { permissions: ['roles:read'] });
    expect(upd.statusCode).toBe(200);
    expect((await viewer.get('/api/v1/users')).statusCode).toBe(403);
    expect((await viewer.get('/api/v1/roles')).statusCode).toBe(200);
  });

  it('built-in roles cannot be changed or deleted (409)', async () => {
    const patch = await admin.patch(`/api/v1/roles/${roleIds.recruiter}`, { name: 'Headhunter' });
    expect(patch.statusCode).toBe(409);
    expect(problem(patch).code).toBe('builtin_role');
    expect((await admin.delete(`/api/v1/roles/${roleIds.admin}`)).statusCode).toBe(409);
  });

  it('a role in use cannot be deleted; once free it can', async () => {
    const role = (await createRole(admin, 'temp_role', ['users:read'])).json();
    const { user } = await createUser({ email: 'holder@example.com', name: 'Holder', roleIds: [role.id] });
    const res = await admin.delete(`/api/v1/roles/${role.id}`);
    expect(res.statusCode).toBe(409);
    expect(problem(res).code).toBe('role_in_use');
    await admin.patch(`/api/v1/users/${user.id}`, { roleIds: [] });
    expect((await admin.delete(`/api/v1/roles/${role.id}`)).statusCode).toBe(204);
    const keys = ((await admin.get('/api/v1/roles')).json().items as { key: string }[]).map((r) => r.key);
    expect(keys).not.toContain('temp_role');
  });
});

describe('privilege escalation', () => {
  let manager: Client;
  beforeAll(async () => {
    manager = await t.user(workspaceId, {
      permissions: ['users:read', 'users:write', 'roles:read', 'roles:write'],
    });
  });

  it('refuses to create or widen a role with a permission the actor lacks', async () => {
    const res = await createRole(manager, 'auditors_too', ['users:read', 'audit:read']);
    expect(res.statusCode).toBe(403);
    expect(problem(res).code).toBe('privilege_escalation');
    const ok = (await createRole(manager, 'narrow', ['users:read'])).json();
    const widen = await manager.patch(`/api/v1/roles/${ok.id}`, {
      permissions: ['users:read', 'audit:read'],
    });
    expect(widen.statusCode).toBe(403);
    expect(problem(widen).code).toBe('privilege_escalation');
  });

  it('refuses to assign the admin role, to others or to oneself', async () => {
    const created = await manager.post('/api/v1/users', {
      email: 'wannabe@example.com',
      name: 'Wannabe',
      roleIds: [roleIds.admin],
    });
    expect(created.statusCode).toBe(403);
    expect(problem(created).code).toBe('privilege_escalation');
    const self = await manager.patch(`/api/v1/users/${manager.info.userId}`, { roleIds: [roleIds.admin] });
    expect(self.statusCode).toBe(403);
    expect(problem(self).code).toBe('privilege_escalation');
    const list = (await admin.get('/api/v1/users?q=wannabe')).json().items;
    expect(list).toEqual([]);
  });
});

describe('the last admin', () => {
  it('cannot disable themself (400)', async () => {
    const res = await admin.patch(`/api/v1/users/${admin.info.userId}`, { status: 'disabled' });
    expect(res.statusCode).toBe(400);
    expect(problem(res).code).toBe('cannot_disable_self');
    expect(fields(res)).toEqual(['status']);
  });

  it('cannot be disabled or lose the admin role (409 last_admin)', async () => {
    const manager = await t.user(workspaceId, { permissions: ['users:read', 'users:write'] });
    for (const body of [{ status: 'disabled' }, { roleIds: [] }]) {
      const res = await manager.patch(`/api/v1/users/${admin.info.userId}`, body);
      expect(res.statusCode).toBe(409);
      expect(problem(res).code).toBe('last_admin');
    }
    const self = await admin.patch(`/api/v1/users/${admin.info.userId}`, { roleIds: [roleIds.recruiter] });
    expect(self.statusCode).toBe(409);
    const still = (await admin.get(`/api/v1/users/${admin.info.userId}`)).json() as UserView;
    expect(still.status).toBe('active');
    expect(still.roles.map((r) => r.key)).toEqual(['admin']);
    expect((await admin.get('/api/v1/auth/session')).statusCode).toBe(200);
  });

  it('can step down once another admin exists', async () => {
    const second = await createUser({
      email: 'admin2@example.com',
      name: 'Second Admin',
      roleIds: [roleIds.admin],
    });
    const res = await admin.patch(`/api/v1/users/${second.user.id}`, { status: 'disabled' });
    expect(res.statusCode).toBe(200);
    expect((await admin.patch(`/api/v1/users/${second.user.id}`, { status: 'active' })).statusCode).toBe(200);
  });
});
