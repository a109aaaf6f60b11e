import { isPermission, listPermissions } from '../../platform/auth/permissions.ts';
import { listFieldGroups } from '../../platform/auth/redaction.ts';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { isBuiltinRole, rolePermissions } from './access.ts';
import { authChanged } from './auth-cache.ts';
import type { CreateRole, Role, UpdateRole } from './identity.contract.ts';
import * as repo from './identity.repository.ts';

function view(r: repo.RoleRow, userCount: number): Role {
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    description: r.description,
    builtin: r.builtin,
    permissions: rolePermissions(r),
    userCount,
  };
}

export async function listRoles(ctx: Ctx): Promise<{ items: Role[] }> {
  const [rows, counts] = await Promise.all([
    repo.listRoles(ctx.db, ctx.actor.workspaceId),
    repo.roleUserCounts(ctx.db, ctx.actor.workspaceId),
  ]);
  return { items: rows.map((r) => view(r, counts.get(r.id) ?? 0)) };
}

export function permissionCatalogue() {
  return {
    items: listPermissions().map(({ key, area, description }) => ({ key, area, description })),
    fieldGroups: listFieldGroups(),
  };
}

/** Permissions must exist, and nobody grants what they do not hold themselves. */
function checkPermissions(ctx: Ctx, permissions: string[]): string[] {
  permissions.forEach((p, i) => {
    if (!isPermission(p)) {
      throw invalid('unknown_permission', `Unknown permission ${p}`, [
        { field: `permissions.${i}`, message: `${p} is not a permission` },
      ]);
    }
  });
  const extra = permissions.find((p) => !ctx.actor.permissions.has(p));
  if (extra) throw forbidden('privilege_escalation', `You cannot grant ${extra}: you do not hold it`);
  return [...new Set(permissions)].sort();
}

export async function createRole(ctx: Ctx, input: CreateRole): Promise<Role> {
  if (isBuiltinRole(input.key) || (await repo.getRoleByKey(ctx.db, ctx.actor.workspaceId, input.key))) {
    throw conflict('role_key_taken', `A role with key ${input.key} already exists`, [
      { field: 'key', message: 'is already used by another role' },
    ]);
  }
  const row: repo.RoleRow = {
    id: newId(),
    workspaceId: ctx.actor.workspaceId,
    key: input.key,
    name: input.name,
    description: input.description,
    builtin: false,
    permissions: checkPermissions(ctx, input.permissions),
    createdAt: ctx.clock.now(),
  };
  return inTransaction(ctx, async (tx) => {
    await repo.insertRoles(tx.db, [row]);
    const after = view(row, 0);
    await recordAudit(tx, { action: 'role.created', entityType: 'role', entityId: row.id, after });
    return after;
  });
}

async function customRole(ctx: Ctx, id: string) {
  const row = await repo.getRole(ctx.db, ctx.actor.workspaceId, id);
  if (!row) throw notFound('role');
  if (row.builtin) throw conflict('builtin_role', `${row.name} is a built-in role and cannot be changed`);
  return row;
}

export async function updateRole(ctx: Ctx, id: string, input: UpdateRole): Promise<Role> {
  const row = await customRole(ctx, id);
  const next: repo.RoleRow = {
    ...row,
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.permissions !== undefined ? { permissions: checkPermissions(ctx, input.permissions) } : {}),
  };
  const counts = await repo.roleUserCounts(ctx.db, ctx.actor.workspaceId);
  const { after, committed } = await inTransaction(ctx, async (tx) => {
    await repo.updateRole(tx.db, tx.actor.workspaceId, id, {
      name: next.name,
      description: next.description,
      permissions: next.permissions,
    });
    const before = view(row, counts.get(id) ?? 0);
    const after = view(next, counts.get(id) ?? 0);
    await recordAudit(tx, { action: 'role.updated', entityType: 'role', entityId: id, before, after });
    // Whoever holds the role, through a session or a token, now holds other permissions.
    const committed =
      input.permissions !== undefined
        ? await authChanged(tx.db, { kind: 'workspace', id: tx.actor.workspaceId })
        : () => {};
    return { after, committed };
  });
  committed();
  return after;
}

export async function deleteRole(ctx: Ctx, id: string): Promise<void> {
  const row = await customRole(ctx, id);
  const holders = (await repo.roleUserCounts(ctx.db, ctx.actor.workspaceId)).get(id) ?? 0;
  if (holders > 0) {
    throw conflict('role_in_use', `${row.name} is held by ${holders} user(s); take it from them first`);
  }
  const committed = await inTransaction(ctx, async (tx) => {
    await repo.deleteRole(tx.db, tx.actor.workspaceId, id);
    await recordAudit(tx, { action: 'role.deleted', entityType: 'role', entityId: id, before: view(row, 0) });
    // Nobody holds it (checked above); forget the workspace's callers all the same, it is cheap and rare.
    return authChanged(tx.db, { kind: 'workspace', id: tx.actor.workspaceId });
  });
  committed();
}
