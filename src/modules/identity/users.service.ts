import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/client.ts';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors.ts';
import { decodeCursor, toPage } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { maskForAudit, recordAudit } from '../audit/index.ts';
import { rolePermissions } from './access.ts';
import { authChanged } from './auth-cache.ts';
import type { CreateUser, UpdateUser, User, UserQuery } from './identity.contract.ts';
import * as repo from './identity.repository.ts';
import { generatePassword, hashPassword } from './passwords.ts';

const AUDIT_MASK = { passwordHash: 'secret' } as const;

async function withRoles(db: Executor, workspaceId: string, rows: repo.UserRow[]): Promise<User[]> {
  const links = await repo.rolesOfUsers(
    db,
    workspaceId,
    rows.map((r) => r.id),
  );
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    status: u.status,
    roles: links
      .filter((l) => l.userId === u.id)
      .map((l) => ({ id: l.role.id, key: l.role.key, name: l.role.name })),
    createdAt: u.createdAt.toISOString(),
    lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
  }));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A user-list cursor is [createdAt ISO instant, id]. */
const isUserKey = ([at, id]: (string | number)[]) =>
  typeof at === 'string' && !Number.isNaN(Date.parse(at)) && typeof id === 'string' && UUID.test(id);

export async function listUsers(ctx: Ctx, q: UserQuery) {
  const cursor = decodeCursor(q.cursor, 2, isUserKey) as [string, string] | undefined;
  const rows = await repo.listUsers(
    ctx.db,
    ctx.actor.workspaceId,
    {
      ...(q.q ? { q: q.q } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(cursor ? { after: cursor } : {}),
    },
    q.limit + 1,
  );
  return toPage(
    rows,
    q.limit,
    (r) => [r.createdAt.toISOString(), r.id],
    (r): User => ({
      id: r.id,
      email: r.email,
      name: r.name,
      status: r.status,
      roles: r.roles,
      createdAt: r.createdAt.toISOString(),
      lastSignInAt: r.lastSignInAt?.toISOString() ?? null,
    }),
  );
}

export async function getUser(ctx: Ctx, id: string): Promise<User> {
  const row = await repo.getUser(ctx.db, ctx.actor.workspaceId, id);
  if (!row) throw notFound('user');
  return (await withRoles(ctx.db, ctx.actor.workspaceId, [row]))[0]!;
}

/** Roles to grant must exist in this workspace, and the actor must hold every permission they carry. */
async function checkGrantable(ctx: Ctx, roleIds: string[]) {
  const unique = [...new Set(roleIds)];
  const found = await repo.rolesByIds(ctx.db, ctx.actor.workspaceId, unique);
  const known = new Set(found.map((r) => r.id));
  const missing = roleIds.findIndex((id) => !known.has(id));
  if (missing >= 0) {
    throw invalid('unknown_role', 'A role does not exist in this workspace', [
      { field: `roleIds.${missing}`, message: 'no such role in this workspace' },
    ]);
  }
  for (const role of found) {
    const extra = rolePermissions(role).filter((p) => !ctx.actor.permissions.has(p));
    if (extra.length) {
      throw forbidden(
        'privilege_escalation',
        `You cannot grant the role ${role.name}: it holds ${extra[0]}, which you do not`,
      );
    }
  }
  return unique;
}

export async function createUser(
  ctx: Ctx,
  input: CreateUser,
): Promise<{ user: User; initialPassword: string | null }> {
  const roleIds = await checkGrantable(ctx, input.roleIds);
  if (await repo.findUserByEmail(ctx.db, input.email)) {
    throw conflict('email_taken', 'A user with this email already exists', [
      { field: 'email', message: 'is already used by another user' },
    ]);
  }
  const initialPassword = input.password ? null : generatePassword();
  const passwordHash = await hashPassword(input.password ?? initialPassword!);
  const now = ctx.clock.now();
  const row: repo.UserRow = {
    id: newId(),
    workspaceId: ctx.actor.workspaceId,
    email: input.email,
    name: input.name,
    passwordHash,
    status: 'active',
    createdAt: now,
    updatedAt: now,
    lastSignInAt: null,
  };
  const user = await inTransaction(ctx, async (tx) => {
    await repo.insertUser(tx.db, row);
    await repo.setUserRoles(tx.db, row.workspaceId, row.id, roleIds);
    const view = (await withRoles(tx.db, row.workspaceId, [row]))[0]!;
    await recordAudit(tx, {
      action: 'user.created',
      entityType: 'user',
      entityId: row.id,
      after: maskForAudit({ ...view, passwordHash }, AUDIT_MASK),
    });
    return view;
  });
  return { user, initialPassword };
}

export async function updateUser(ctx: Ctx, id: string, input: UpdateUser): Promise<User> {
  const before = await getUser(ctx, id);
  const roleIds = input.roleIds ? await checkGrantable(ctx, input.roleIds) : undefined;
  if (id === ctx.actor.userId && input.status === 'disabled') {
    throw invalid('cannot_disable_self', 'You cannot disable your own account', [
      { field: 'status', message: 'you cannot disable yourself' },
    ]);
  }
  const { after, committed } = await inTransaction(ctx, async (tx) => {
    await repo.updateUser(tx.db, tx.actor.workspaceId, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
      updatedAt: tx.clock.now(),
    });
    if (roleIds) await repo.setUserRoles(tx.db, tx.actor.workspaceId, id, roleIds);
    if (input.status === 'disabled') await repo.deleteUserSessions(tx.db, tx.actor.workspaceId, id);
    const after = await getUser(tx, id);
    await assertAnAdminRemains(tx);
    await recordAudit(tx, { action: 'user.updated', entityType: 'user', entityId: id, before, after });
    // Status and roles decide what the user's sessions and tokens may do.
    const committed =
      input.status !== undefined || roleIds ? await authChanged(tx.db, { kind: 'user', id }) : () => {};
    return { after, committed };
  });
  committed();
  return after;
}

/** The workspace must keep at least one active user holding the admin role. */
async function assertAnAdminRemains(ctx: Ctx) {
  const admin = await repo.getRoleByKey(ctx.db, ctx.actor.workspaceId, 'admin');
  if (!admin) return;
  if ((await repo.countActiveHolders(ctx.db, ctx.actor.workspaceId, admin.id)) === 0) {
    throw conflict('last_admin', 'The workspace must keep at least one active admin');
  }
}

export interface UserSummary {
  id: string;
  name: string;
  email: string;
  status: 'active' | 'disabled';
}

/** For other modules: the users of the actor's workspace among `ids`, by id (unknown ids are absent). */
export async function userSummaries(ctx: Ctx, ids: readonly string[]): Promise<Map<string, UserSummary>> {
  const rows = await repo.userSummaries(ctx.db, ctx.actor.workspaceId, [...new Set(ids)]);
  return new Map(rows.map((r) => [r.id, r]));
}
