import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAuditMany } from '../../src/modules/audit/index.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { queryRows, sql } from '../../src/platform/db/client.ts';
import { encodeCursor } from '../../src/platform/http/pagination.ts';
import { Client, createTestApp, PASSWORD, problem, type TestApp } from '../support/app.ts';

interface Event {
  id: string;
  seq: number;
  at: string;
  actor: { kind: string; id: string | null; label: string };
  action: string;
  entityType: string;
  entityId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const T0 = new Date('2025-01-10T10:00:00Z');
const T1 = new Date('2025-01-10T11:00:00Z');
const clock = fixedClock(T0);
const NEW_PASSWORD = 'the second passphrase';

let t: TestApp;
let workspaceId: string;
let admin: Client;
let member: Client;
const secrets: string[] = [PASSWORD, NEW_PASSWORD];
const ids: Record<string, string> = {};

async function events(by: Client, query = ''): Promise<Event[]> {
  const res = await by.get(`/api/v1/audit-events?limit=200${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
}
const one = (list: Event[], action: string) => list.filter((e) => e.action === action);
const verify = async (by: Client) => (await by.post('/api/v1/audit-events/verify')).json();
const exec = (q: ReturnType<typeof sql>) => t.database.db.execute(q);

/** A new workspace with a few entries, for one tampering scenario each. */
async function scratchWorkspace() {
  const ws = await t.workspace('Scratch');
  await ws.admin.post('/api/v1/roles', { key: 'scratch', name: 'Scratch', permissions: ['users:read'] });
  const last = (await events(ws.admin))[0]!.seq;
  return { ...ws, last };
}

/** Run `change` with the append-only trigger disabled, as a database owner could. */
async function tamper(change: ReturnType<typeof sql>) {
  await exec(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`);
  try {
    await exec(change);
  } finally {
    await exec(sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only`);
  }
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  ({ workspaceId, admin } = await t.workspace());
  clock.set(T1);
  // One of each change, made through the API.
  const created = await admin.post('/api/v1/users', {
    email: 'member@example.com',
    name: 'Member',
    password: PASSWORD,
  });
  ids.user = created.json().user.id;
  await admin.patch(`/api/v1/users/${ids.user}`, { name: 'Member Renamed' });
  const role = await admin.post('/api/v1/roles', {
    key: 'reader',
    name: 'Reader',
    permissions: ['users:read'],
  });
  ids.role = role.json().id;
  await admin.patch(`/api/v1/roles/${ids.role}`, {
    name: 'Reader 2',
    permissions: ['users:read', 'roles:read'],
  });
  await admin.delete(`/api/v1/roles/${ids.role}`);
  const tok = (
    await admin.post('/api/v1/api-tokens', { name: 'ci', scopes: ['users:write'], expiresInDays: 3 })
  ).json();
  ids.token = tok.token.id;
  secrets.push(tok.secret);
  const viaToken = new Client(t.app, { bearer: tok.secret }, admin.info);
  ids.tokenUser = (
    await viaToken.post('/api/v1/users', { email: 'bytoken@example.com', name: 'By Token' })
  ).json().user.id;
  await admin.delete(`/api/v1/api-tokens/${ids.token}`);
  member = await t.signIn('member@example.com');
  secrets.push(member.auth.cookie!, member.auth.csrf!, admin.auth.cookie!, admin.auth.csrf!);
  await member.post('/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
});
afterAll(() => t?.close());

describe('every change is recorded', () => {
  it('with actor, action, entity, before and after', async () => {
    const list = await events(admin);
    const actor = { kind: 'user', id: admin.info.userId, label: admin.info.email };

    const [created] = one(list, 'user.created').filter((e) => e.entityId === ids.user);
    expect(created).toMatchObject({ actor, entityType: 'user', before: null, at: T1.toISOString() });
    expect(created!.after).toMatchObject({ email: 'member@example.com', name: 'Member', status: 'active' });

    const [updated] = one(list, 'user.updated');
    expect(updated).toMatchObject({ actor, entityId: ids.user });
    expect(updated!.before).toMatchObject({ name: 'Member' });
    expect(updated!.after).toMatchObject({ name: 'Member Renamed' });

    const roleEntries = list.filter((e) => e.entityId === ids.role).reverse();
    expect(roleEntries.map((e) => e.action)).toEqual(['role.created', 'role.updated', 'role.deleted']);
    expect(roleEntries[1]!.before).toMatchObject({ name: 'Reader', permissions: ['users:read'] });
    expect(roleEntries[1]!.after).toMatchObject({
      name: 'Reader 2',
      permissions: ['roles:read', 'users:read'],
    });
    expect(roleEntries[2]).toMatchObject({ after: null, before: { key: 'reader' } });

    const tokenEntries = list.filter((e) => e.entityId === ids.token).reverse();
    expect(tokenEntries.map((e) => e.action)).toEqual(['api_token.created', 'api_token.revoked']);
    expect(tokenEntries[1]!.before).toMatchObject({ revokedAt: null });
    expect(tokenEntries[1]!.after!.revokedAt).toBe(T1.toISOString());

    const [byToken] = one(list, 'user.created').filter((e) => e.entityId === ids.tokenUser);
    expect(byToken!.actor).toEqual({
      kind: 'token',
      id: admin.info.userId,
      label: `${admin.info.email} (API token)`,
    });

    const signIn = one(list, 'session.created').find((e) => e.actor.id === ids.user);
    expect(signIn).toMatchObject({
      entityType: 'user',
      entityId: ids.user,
      actor: { label: 'member@example.com' },
    });
    const [pw] = one(list, 'user.password_changed');
    expect(pw).toMatchObject({ entityId: ids.user, actor: { kind: 'user', id: ids.user } });
  });

  it('never copies a secret into the log', async () => {
    const raw = (
      await queryRows<{ j: string }>(t.database.db, sql`select row_to_json(e)::text as j from audit_events e`)
    )
      .map((r) => r.j)
      .join('\n');
    const hashes = await queryRows<{ h: string }>(t.database.db, sql`select password_hash as h from users`);
    const tokenHashes = await queryRows<{ h: string }>(
      t.database.db,
      sql`select secret_hash as h from api_tokens`,
    );
    expect(hashes.length).toBeGreaterThanOrEqual(3);
    for (const s of [...secrets, ...hashes.map((r) => r.h), ...tokenHashes.map((r) => r.h)]) {
      expect(raw.includes(s), `log contains ${s.slice(0, 12)}…`).toBe(false);
    }
    expect(raw).not.toMatch(/\$argon2|passwordHash|secret_?hash/i);
  });

  it('leaves no entry for a change that fails', async () => {
    const before = (await events(admin))[0]!.seq;
    const dup = await admin.post('/api/v1/users', { email: 'member@example.com', name: 'Again' });
    expect(dup.statusCode).toBe(409);
    // last_admin fails after the update ran inside the transaction: it must roll back with its entry.
    const manager = await t.user(workspaceId, { permissions: ['users:read', 'users:write'] });
    const afterSetup = (await events(admin))[0]!.seq;
    expect(afterSetup).toBeGreaterThan(before);
    expect((await manager.patch(`/api/v1/users/${admin.info.userId}`, { roleIds: [] })).statusCode).toBe(409);
    expect((await admin.delete(`/api/v1/roles/${ids.role}`)).statusCode).toBe(404);
    expect((await events(admin))[0]!.seq).toBe(afterSetup);
    expect(await verify(admin)).toMatchObject({ ok: true, firstBroken: null });
  });
});

describe('reading the log', () => {
  it('forms a verified chain, newest first', async () => {
    const list = await events(admin);
    expect(list.map((e) => e.seq)).toEqual(list.map((_, i) => list.length - i));
    expect(await verify(admin)).toEqual({ ok: true, checked: list.length, firstBroken: null });
  });

  it('filters by action prefix, exact action, entity type, actor and time', async () => {
    const users = await events(admin, '&action=user.');
    expect(new Set(users.map((e) => e.action))).toEqual(
      new Set(['user.created', 'user.updated', 'user.password_changed']),
    );
    // The manager's custom role (made by the system actor in a later test) is not the admin's: filter by actor too.
    const byAdmin = `&actorId=${admin.info.userId}`;
    expect(await events(admin, `&action=role.created${byAdmin}`)).toHaveLength(1);
    expect((await events(admin, `&action=role.${byAdmin}`)).map((e) => e.action).sort()).toEqual([
      'role.created',
      'role.deleted',
      'role.updated',
    ]);
    const tokens = await events(admin, '&entityType=api_token');
    expect(tokens.map((e) => e.entityId)).toEqual([ids.token, ids.token]);
    const byMember = await events(admin, `&actorId=${ids.user}`);
    expect(byMember.map((e) => e.action)).toEqual(['user.password_changed', 'session.created']);

    const all = await events(admin);
    const early = await events(admin, `&to=${T1.toISOString()}`);
    const late = await events(admin, `&from=${T1.toISOString()}`);
    expect(early.map((e) => e.action).sort()).toEqual([
      'session.created',
      'user.created',
      'workspace.created',
    ]);
    expect(early.length + late.length).toBe(all.length);
    expect(late.every((e) => e.at === T1.toISOString())).toBe(true);
  });

  it('pages with a cursor, and refuses a bad one', async () => {
    const all = await events(admin);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await admin.get(`/api/v1/audit-events?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      const page = res.json() as { items: Event[]; nextCursor: string | null };
      seen.push(...page.items.map((e) => e.seq));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((e) => e.seq));
    for (const bad of ['nope', encodeCursor(['abc']), encodeCursor([1.5])]) {
      const res = await admin.get(`/api/v1/audit-events?cursor=${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(problem(res).errors?.map((e) => e.field)).toEqual(['cursor']);
    }
  });
});

describe('many entries in one append', () => {
  it('chains them in order, as if appended one by one, and the chain verifies', async () => {
    const ws = await scratchWorkspace();
    const ctx = t.systemCtx(ws.workspaceId);
    await recordAuditMany(ctx, []);
    await recordAuditMany(
      ctx,
      ['a', 'b', 'c'].map((k) => ({
        action: 'test.bulk',
        entityType: 'thing',
        entityId: null,
        after: { k },
      })),
    );
    const bulk = one(await events(ws.admin), 'test.bulk').reverse();
    expect(bulk.map((e) => [e.seq, e.after?.k])).toEqual([
      [ws.last + 1, 'a'],
      [ws.last + 2, 'b'],
      [ws.last + 3, 'c'],
    ]);
    expect(await verify(ws.admin)).toMatchObject({ ok: true, checked: ws.last + 3 });
  });
});

describe('tamper evidence', () => {
  it('the database refuses UPDATE and DELETE on audit_events', async () => {
    // drizzle wraps the driver's error ("Failed query: ..."); the trigger's message is its cause.
    const refusal = (e: unknown) => String((e as Error & { cause?: Error }).cause?.message ?? e);
    const update = await exec(
      sql`update audit_events set action = 'x' where workspace_id = ${workspaceId}`,
    ).catch(refusal);
    expect(update).toMatch(/append-only/);
    const del = await exec(sql`delete from audit_events where workspace_id = ${workspaceId}`).catch(refusal);
    expect(del).toMatch(/append-only/);
    expect(await verify(admin)).toMatchObject({ ok: true });
  });

  it('names an altered entry', async () => {
    const ws = await scratchWorkspace();
    await tamper(sql`update audit_events set after = jsonb_set(after, '{name}', '"Mallory"')
                     where workspace_id = ${ws.workspaceId} and seq = 2`);
    const res = await verify(ws.admin);
    expect(res.ok).toBe(false);
    expect(res.firstBroken).toMatchObject({ seq: 2, reason: expect.stringMatching(/altered/) });
    expect(res.checked).toBe(1);
    // Another workspace's chain is unaffected.
    expect(await verify(admin)).toMatchObject({ ok: true });
  });

  it('names a missing entry in the middle', async () => {
    const ws = await scratchWorkspace();
    await tamper(sql`delete from audit_events where workspace_id = ${ws.workspaceId} and seq = 2`);
    const res = await verify(ws.admin);
    expect(res.ok).toBe(false);
    expect(res.firstBroken).toMatchObject({ seq: 2, id: null, reason: expect.stringMatching(/missing/) });
  });

  it('detects entries removed from the end through the head', async () => {
    const ws = await scratchWorkspace();
    await tamper(sql`delete from audit_events where workspace_id = ${ws.workspaceId} and seq = ${ws.last}`);
    const res = await verify(ws.admin);
    expect(res.ok).toBe(false);
    expect(res.firstBroken).toMatchObject({ seq: ws.last, reason: expect.stringMatching(/head/) });
    expect(res.checked).toBe(ws.last - 1);
  });
});
