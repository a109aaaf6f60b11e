import { systemActor } from '../../platform/auth/actor.ts';
import { BUILTIN_ROLES, listPermissions } from '../../platform/auth/permissions.ts';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/client.ts';
import { notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { BUILTIN_ROLE_INFO } from './identity.permissions.ts';
import * as repo from './identity.repository.ts';
import { createUser } from './users.service.ts';

/** The actor for work done by the system in a workspace (tasks, CLI, first run): it holds every permission. */
export function workspaceSystemActor(workspaceId: string) {
  return systemActor(
    workspaceId,
    listPermissions().map((p) => p.key),
  );
}

/**
 * Create a workspace with its built-in roles and a first admin. `ctx.actor` is ignored: the work is done,
 * and audited, by the new workspace's system actor.
 */
export async function createWorkspace(
  ctx: Omit<Ctx, 'actor'>,
  input: { name: string; admin: { email: string; name: string; password?: string | undefined } },
) {
  const workspaceId = newId();
  const sys: Ctx = { ...ctx, actor: workspaceSystemActor(workspaceId) };
  return inTransaction(sys, async (tx) => {
    const now = tx.clock.now();
    await repo.insertWorkspace(tx.db, { id: workspaceId, name: input.name, createdAt: now });
    await recordAudit(tx, {
      action: 'workspace.created',
      entityType: 'workspace',
      entityId: workspaceId,
      after: { name: input.name },
    });
    const roleRows = BUILTIN_ROLES.map((key) => ({
      id: newId(),
      workspaceId,
      key,
      name: BUILTIN_ROLE_INFO[key].name,
      description: BUILTIN_ROLE_INFO[key].description,
      builtin: true,
      permissions: [],
      createdAt: now,
    }));
    await repo.insertRoles(tx.db, roleRows);
    const adminRole = roleRows.find((r) => r.key === 'admin')!;
    const created = await createUser(tx, {
      email: input.admin.email,
      name: input.admin.name,
      roleIds: [adminRole.id],
      ...(input.admin.password ? { password: input.admin.password } : {}),
    });
    return { workspaceId, roles: roleRows, admin: created.user, initialPassword: created.initialPassword };
  });
}

export async function getWorkspace(ctx: Ctx) {
  const w = await repo.getWorkspace(ctx.db, ctx.actor.workspaceId);
  if (!w) throw notFound('workspace');
  return { id: w.id, name: w.name, createdAt: w.createdAt.toISOString() };
}

export async function roleIdByKey(
  db: Executor,
  workspaceId: string,
  key: string,
): Promise<string | undefined> {
  return (await repo.getRoleByKey(db, workspaceId, key))?.id;
}

export async function userIdByEmail(db: Executor, email: string) {
  const u = await repo.findUserByEmail(db, email.toLowerCase());
  return u ? { id: u.id, workspaceId: u.workspaceId } : undefined;
}

export const countWorkspaces = repo.countWorkspaces;
export const firstWorkspace = repo.firstWorkspace;
