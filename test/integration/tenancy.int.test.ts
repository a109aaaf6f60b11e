import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestApp, problem, type TestApp } from '../support/app.ts';

// Two workspaces on one installation: nothing of B is visible or reachable from A, and the other way round.
let t: TestApp;
let a: { workspaceId: string; admin: Client; user: Client };
let b: { workspaceId: string; admin: Client; user: Client; roleId: string; tokenId: string; secret: string };

const ids = (items: { id: string }[]) => items.map((x) => x.id);

beforeAll(async () => {
  t = await createTestApp();
  const wa = await t.workspace('Alpha');
  a = { ...wa, user: await t.user(wa.workspaceId, { roles: ['recruiter'] }) };
  const wb = await t.workspace('Beta');
  const bUser = await t.user(wb.workspaceId, { roles: ['recruiter'] });
  const role = (
    await wb.admin.post('/api/v1/roles', { key: 'beta_only', name: 'Beta only', permissions: ['users:read'] })
  ).json();
  const tok = (
    await wb.admin.post('/api/v1/api-tokens', {
      name: 'beta',
      scopes: ['users:read', 'audit:read'],
      expiresInDays: 5,
    })
  ).json();
  b = { ...wb, user: bUser, roleId: role.id, tokenId: tok.token.id, secret: tok.secret };
});
afterAll(() => t?.close());

describe("workspace A's admin cannot reach workspace B", () => {
  it("gets 404 reading or changing B's user by id", async () => {
    const get = await a.admin.get(`/api/v1/users/${b.user.info.userId}`);
    expect(get.statusCode).toBe(404);
    expect(problem(get).code).toBe('user_not_found');
    const patch = await a.admin.patch(`/api/v1/users/${b.user.info.userId}`, {
      name: 'Hijacked',
      status: 'disabled',
    });
    expect(patch.statusCode).toBe(404);
    const fromB = (await b.admin.get(`/api/v1/users/${b.user.info.userId}`)).json();
    expect(fromB).toMatchObject({ name: 'Test User', status: 'active' });
    expect((await b.user.get('/api/v1/auth/session')).statusCode).toBe(200);
  });

  it("lists only A's users, even when searching for B's", async () => {
    const list = (await a.admin.get('/api/v1/users?limit=200')).json().items as { id: string }[];
    expect(ids(list).sort()).toEqual([a.admin.info.userId, a.user.info.userId].sort());
    const search = (await a.admin.get(`/api/v1/users?q=${encodeURIComponent(b.user.info.email)}`)).json();
    expect(search.items).toEqual([]);
  });

  it("lists only A's roles, and refuses B's role id with 400", async () => {
    const roles = (await a.admin.get('/api/v1/roles')).json().items as { id: string; key: string }[];
    expect(ids(roles)).not.toContain(b.roleId);
    expect(roles.map((r) => r.key)).not.toContain('beta_only');
    expect(roles).toHaveLength(6);

    const res = await a.admin.patch(`/api/v1/users/${a.user.info.userId}`, { roleIds: [b.roleId] });
    expect(res.statusCode).toBe(400);
    expect(problem(res).code).toBe('unknown_role');
    expect(problem(res).errors?.map((e) => e.field)).toEqual(['roleIds.0']);
    const created = await a.admin.post('/api/v1/users', {
      email: 'x@alpha.example',
      name: 'X',
      roleIds: [b.roleId],
    });
    expect(created.statusCode).toBe(400);

    expect((await a.admin.patch(`/api/v1/roles/${b.roleId}`, { name: 'Mine now' })).statusCode).toBe(404);
    expect((await a.admin.delete(`/api/v1/roles/${b.roleId}`)).statusCode).toBe(404);
  });

  it("shows only A's audit entries", async () => {
    const events = (await a.admin.get('/api/v1/audit-events?limit=200')).json().items as {
      seq: number;
      actor: { id: string | null };
      entityId: string | null;
      action: string;
    }[];
    expect(events.length).toBeGreaterThan(0);
    const bIds = [b.workspaceId, b.admin.info.userId, b.user.info.userId, b.roleId, b.tokenId];
    for (const e of events) {
      expect(bIds).not.toContain(e.entityId);
      expect(bIds).not.toContain(e.actor.id);
    }
    expect(events.find((e) => e.action === 'workspace.created')?.entityId).toBe(a.workspaceId);
    // Each workspace has its own gapless chain starting at 1.
    expect(events.map((e) => e.seq).sort((x, y) => x - y)).toEqual(events.map((_, i) => i + 1));
    expect((await a.admin.post('/api/v1/audit-events/verify')).json()).toMatchObject({ ok: true });
  });

  it("cannot see or revoke B's API token (404)", async () => {
    const all = (await a.admin.get('/api/v1/api-tokens?all=true')).json().items as { id: string }[];
    expect(ids(all)).not.toContain(b.tokenId);
    const res = await a.admin.delete(`/api/v1/api-tokens/${b.tokenId}`);
    expect(res.statusCode).toBe(404);
    expect(
      (await new Client(t.app, { bearer: b.secret }, b.admin.info).get('/api/v1/users')).statusCode,
    ).toBe(200);
  });
});

describe("workspace B's API token cannot read A's data", () => {
  it("sees only B's users, audit entries and workspace", async () => {
    const api = new Client(t.app, { bearer: b.secret }, b.admin.info);
    const users = (await api.get('/api/v1/users?limit=200')).json().items as { id: string }[];
    expect(ids(users)).not.toContain(a.admin.info.userId);
    expect(ids(users)).toContain(b.user.info.userId);
    expect((await api.get(`/api/v1/users/${a.admin.info.userId}`)).statusCode).toBe(404);
    const events = (await api.get('/api/v1/audit-events?limit=200')).json().items as {
      entityId: string | null;
    }[];
    expect(events.map((e) => e.entityId)).not.toContain(a.admin.info.userId);
    expect(events.map((e) => e.entityId)).toContain(b.workspaceId);
    expect((await api.get('/api/v1/workspace')).json()).toMatchObject({ id: b.workspaceId, name: 'Beta' });
  });
});
