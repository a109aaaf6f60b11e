import {
  BUILTIN_ROLES,
  type BuiltinRole,
  builtinRolePermissions,
  isPermission,
} from '../../platform/auth/permissions.ts';
import type { RoleRow } from './identity.repository.ts';

export function isBuiltinRole(key: string): key is BuiltinRole {
  return (BUILTIN_ROLES as readonly string[]).includes(key);
}

/** The permissions a role grants now: built-in roles from code, custom roles from their stored list. */
export function rolePermissions(role: Pick<RoleRow, 'builtin' | 'key' | 'permissions'>): string[] {
  if (role.builtin && isBuiltinRole(role.key)) return builtinRolePermissions(role.key);
  return role.permissions.filter(isPermission);
}

export function unionPermissions(roles: Pick<RoleRow, 'builtin' | 'key' | 'permissions'>[]): Set<string> {
  const out = new Set<string>();
  for (const r of roles) for (const p of rolePermissions(r)) out.add(p);
  return out;
}
