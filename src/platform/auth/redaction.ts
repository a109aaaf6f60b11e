import { type Actor, can } from './actor.ts';
import { type BuiltinRole, definePermissions } from './permissions.ts';

/**
 * Field-level access. A sensitive field group (contact details, diversity, compensation, outreach strategy,
 * or one an admin defines) has its own read permission. Serializers declare which of their fields belong to
 * which group; `redact` removes the values the actor may not read and lists what it removed, so a client can
 * show "hidden" instead of "empty". Every response, export and audit view goes through it.
 */
export interface FieldGroup {
  key: string;
  label: string;
  readPermission: string;
}

const groups = new Map<string, FieldGroup>();

export function defineFieldGroup(g: {
  key: string;
  label: string;
  roles: readonly BuiltinRole[];
}): FieldGroup {
  const group = { key: g.key, label: g.label, readPermission: `fields.${g.key}:read` };
  definePermissions([
    { key: group.readPermission, area: 'sensitive fields', description: `Read ${g.label}`, roles: g.roles },
  ]);
  groups.set(g.key, group);
  return group;
}

export function listFieldGroups(): FieldGroup[] {
  return [...groups.values()];
}

export function fieldGroup(key: string): FieldGroup | undefined {
  return groups.get(key);
}

/** The standard groups; modules add their fields to them, admins may add more. */
export const CONTACT = defineFieldGroup({
  key: 'contact',
  label: 'contact details',
  roles: ['recruiter', 'sourcer', 'coordinator'],
});
export const DIVERSITY = defineFieldGroup({ key: 'diversity', label: 'diversity and EEO data', roles: [] });
export const COMPENSATION = defineFieldGroup({
  key: 'compensation',
  label: 'compensation',
  roles: ['recruiter'],
});
export const STRATEGY = defineFieldGroup({
  key: 'strategy',
  label: 'outreach strategy notes',
  roles: ['recruiter', 'sourcer'],
});

export type FieldMap<T> = Partial<Record<keyof T & string, FieldGroup>>;
export type Redacted<T> = T & { redactedFields?: string[] };

/** Remove from `value` every field whose group the actor may not read. */
export function redact<T extends object>(actor: Actor, fields: FieldMap<T>, value: T): Redacted<T> {
  const hidden: string[] = [];
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [field, group] of Object.entries(fields) as [string, FieldGroup][]) {
    if (field in out && !can(actor, group.readPermission)) {
      delete out[field];
      hidden.push(field);
    }
  }
  if (hidden.length) out.redactedFields = hidden;
  return out as Redacted<T>;
}

/** Names of the field groups an actor may not read (for masking inside generic documents such as audit diffs). */
export function hiddenGroups(actor: Actor): Set<string> {
  return new Set(
    listFieldGroups()
      .filter((g) => !can(actor, g.readPermission))
      .map((g) => g.key),
  );
}
