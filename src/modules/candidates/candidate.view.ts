import { type Actor, can } from '../../platform/auth/actor.ts';
import {
  COMPENSATION,
  CONTACT,
  DIVERSITY,
  defineFieldGroup,
  type FieldGroup,
  fieldGroup,
} from '../../platform/auth/redaction.ts';
import type { Candidate } from './candidates.contract.ts';
import type { CandidateRow } from './candidates.repository.ts';
import type { CustomFieldDef } from './custom-fields.rules.ts';
import type { StatusCode } from './statuses.ts';

/** Performance ratings of internal employees: HR data, readable by recruiters only by default. */
export const PERFORMANCE = defineFieldGroup({
  key: 'performance',
  label: 'employee performance ratings',
  roles: ['recruiter'],
});

/** Which sensitive group guards which top-level field of a candidate. */
export const CANDIDATE_FIELD_GROUPS: Record<string, FieldGroup> = {
  emails: CONTACT,
  phones: CONTACT,
  compensation: COMPENSATION,
  diversity: DIVERSITY,
  performanceRating: PERFORMANCE,
};

export function toCandidate(r: Omit<CandidateRow, 'searchDoc'>): Candidate {
  return {
    id: r.id,
    firstName: r.firstName,
    lastName: r.lastName,
    name: `${r.firstName} ${r.lastName}`.trim(),
    headline: r.headline,
    summary: r.summary,
    emails: r.emails,
    phones: r.phones,
    links: r.links,
    location: { city: r.city, region: r.region, country: r.country },
    timeZone: r.timeZone,
    timeZoneSource: r.timeZoneSource as Candidate['timeZoneSource'],
    work: r.work,
    education: r.education,
    skills: r.skills,
    tags: r.tags,
    ownerId: r.ownerId,
    status: r.status as StatusCode,
    source: r.source,
    employee: { isEmployee: r.isEmployee, since: r.employeeSince, performanceRating: r.performanceRating },
    compensation: r.compensation,
    diversity: r.diversity,
    customFields: r.customFields,
    yearsExperience: r.yearsExperience,
    currentTitle: r.currentTitle,
    currentCompany: r.currentCompany,
    lastActivityAt: r.lastActivityAt.toISOString(),
    archivedAt: r.archivedAt?.toISOString() ?? null,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The group guarding a custom field, if any (an unknown group hides the value: fail closed). */
function customGroup(def: CustomFieldDef | undefined): FieldGroup | 'unknown' | null {
  if (!def?.fieldGroup) return null;
  return fieldGroup(def.fieldGroup) ?? 'unknown';
}

export function mayReadGroup(actor: Actor, group: FieldGroup | 'unknown' | null): boolean {
  if (group === null) return true;
  if (group === 'unknown') return false;
  return can(actor, group.readPermission);
}

/**
 * Remove what the actor may not read: contact details, compensation, diversity, performance ratings, and
 * custom fields in a sensitive group. What was removed is listed in `redactedFields`.
 */
export function redactCandidate(actor: Actor, c: Candidate, defs: readonly CustomFieldDef[]): Candidate {
  const hidden: string[] = [];
  const out: Candidate = { ...c };
  for (const field of ['emails', 'phones', 'compensation', 'diversity'] as const) {
    if (!mayReadGroup(actor, CANDIDATE_FIELD_GROUPS[field] ?? null)) {
      delete out[field];
      hidden.push(field);
    }
  }
  if (!mayReadGroup(actor, PERFORMANCE)) {
    out.employee = { isEmployee: c.employee.isEmployee, since: c.employee.since };
    hidden.push('employee.performanceRating');
  }
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const custom: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c.customFields)) {
    if (mayReadGroup(actor, customGroup(byKey.get(k)))) custom[k] = v;
    else hidden.push(`customFields.${k}`);
  }
  out.customFields = custom;
  if (hidden.length) out.redactedFields = hidden;
  return out;
}

/** The sensitive group of a candidate field path (`emails`, `customFields.salary`), for timeline diffs. */
export function groupOfField(path: string, defs: readonly CustomFieldDef[]): string | null {
  if (path.startsWith('customFields.')) {
    const def = defs.find((d) => d.key === path.slice('customFields.'.length));
    return def?.fieldGroup ?? null;
  }
  return CANDIDATE_FIELD_GROUPS[path]?.key ?? null;
}
