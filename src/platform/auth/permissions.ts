/**
 * Permission strings and the built-in roles that hold them. Modules declare their permissions here at import
 * time; built-in roles are computed from these declarations (so a new module's permissions reach the
 * built-in roles without a data migration), custom roles store an explicit list.
 */
export const BUILTIN_ROLES = [
  'admin',
  'recruiter',
  'sourcer',
  'hiring_manager',
  'coordinator',
  'auditor',
] as const;
export type BuiltinRole = (typeof BUILTIN_ROLES)[number];

export interface PermissionDef {
  key: string;
  /** Area of the product, for grouping in the role editor. */
  area: string;
  description: string;
  /** Built-in roles that hold it. `admin` holds every permission whether listed or not. */
  roles: readonly BuiltinRole[];
}

const permissions = new Map<string, PermissionDef>();

export function definePermissions(defs: readonly PermissionDef[]): void {
  for (const d of defs) {
    if (!/^[a-z_]+(\.[a-z_]+)*:[a-z_]+$/.test(d.key)) throw new Error(`bad permission key ${d.key}`);
    permissions.set(d.key, d);
  }
}

export function listPermissions(): PermissionDef[] {
  return [...permissions.values()].sort((a, b) => a.area.localeCompare(b.area) || a.key.localeCompare(b.key));
}

export function isPermission(key: string): boolean {
  return permissions.has(key);
}

export function builtinRolePermissions(role: BuiltinRole): string[] {
  const all = listPermissions();
  return (role === 'admin' ? all : all.filter((p) => p.roles.includes(role))).map((p) => p.key);
}
