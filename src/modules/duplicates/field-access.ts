import { type Actor, can } from '../../platform/auth/actor.ts';
import {
  COMPENSATION,
  CONTACT,
  DIVERSITY,
  type FieldGroup,
  fieldGroup,
} from '../../platform/auth/redaction.ts';

/** The custom field definitions field access needs (the workspace's, retired ones included). */
interface GroupedDef {
  key: string;
  fieldGroup: string | null;
}

/** Sensitive groups of the candidate fields duplicate control shows or merges (custom fields: their group). */
const STANDARD_GROUPS: Record<string, () => FieldGroup | undefined> = {
  emails: () => CONTACT,
  phones: () => CONTACT,
  email: () => CONTACT,
  phone: () => CONTACT,
  compensation: () => COMPENSATION,
  diversity: () => DIVERSITY,
  // The employee block carries the performance rating (its group is declared by the candidates module).
  employee: () => fieldGroup('performance'),
};

/**
 * Whether the actor may read a field, by the field's group and the actor's permissions NOW (not by a list
 * made when the evidence was stored): `emails`, `compensation`, `customFields.salary`... An unknown group hides
 * the field (fail closed). Paths with no group are readable.
 */
export function fieldReader(actor: Actor, defs: readonly GroupedDef[]): (path: string) => boolean {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  return (path) => {
    let groupKey: string | null;
    if (path.startsWith('customFields.'))
      groupKey = byKey.get(path.slice('customFields.'.length))?.fieldGroup ?? null;
    else {
      const std = STANDARD_GROUPS[path];
      if (!std) return true;
      const g = std();
      return g !== undefined && can(actor, g.readPermission);
    }
    if (groupKey === null) return true;
    const g = fieldGroup(groupKey);
    return g !== undefined && can(actor, g.readPermission);
  };
}

/** The field an exact key's kind stands for (email → emails, a custom external id kind → its custom field). */
export function exactKeyField(kind: string, defs: readonly GroupedDef[]): string {
  if (kind === 'email') return 'emails';
  if (kind === 'phone') return 'phones';
  return defs.some((d) => d.key === kind) ? `customFields.${kind}` : kind;
}
