import type { CandidateFields, UpdateCandidate } from '../candidates/index.ts';
import type { FieldChange } from './duplicates.tables.ts';

/** Fields a merge combines as one value (a manual choice picks one side's value whole). */
export const SCALAR_FIELDS = [
  'firstName',
  'lastName',
  'headline',
  'summary',
  'location',
  'ownerId',
  'status',
  'source',
  'employee',
  'compensation',
  'diversity',
] as const;
/** List fields: by default the union (survivor's entries first); a choice keeps one side's list. */
export const LIST_FIELDS = ['emails', 'phones', 'links', 'work', 'education', 'skills', 'tags'] as const;

export type Choice = 'survivor' | 'loser' | 'both';

type Scalar = (typeof SCALAR_FIELDS)[number];
type List = (typeof LIST_FIELDS)[number];

/** The value of a merge field as stored (location and employee are groups of columns). */
export function fieldValue(f: CandidateFields, field: string): unknown {
  if (field.startsWith('customFields.')) return f.customFields[field.slice('customFields.'.length)] ?? null;
  switch (field) {
    case 'location':
      return { city: f.city, region: f.region, country: f.country };
    case 'employee':
      return { isEmployee: f.isEmployee, since: f.employeeSince, performanceRating: f.performanceRating };
    default:
      return (f as unknown as Record<string, unknown>)[field] ?? null;
  }
}

export function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined || v === '' || v === '-') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.values(v as object).every((x) => x === null || x === false);
  return false;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Identity of a list entry (two entries with the same key are one). */
export function entryKey(field: string, e: unknown): string {
  const x = e as Record<string, unknown>;
  switch (field) {
    case 'emails':
      return String(x.address).toLowerCase();
    case 'phones':
      return `${x.number}|${x.extension ?? ''}`;
    case 'links':
      return String(x.url);
    case 'work':
      return `${String(x.company).toLowerCase()}|${String(x.title).toLowerCase()}|${x.startDate ?? ''}`;
    case 'education':
      return `${String(x.institution).toLowerCase()}|${x.area ?? ''}|${x.startDate ?? ''}`;
    case 'skills':
      return String(x.key);
    default:
      return String(e).toLowerCase();
  }
}

/** The update input that sets `field` to `value` (stored form back to the API's input form). */
export function inputFor(field: string, value: unknown): Partial<UpdateCandidate> {
  if (field.startsWith('customFields.'))
    return { customFields: { [field.slice('customFields.'.length)]: (value ?? null) as never } };
  const v = value as never;
  switch (field as Scalar | List) {
    case 'location':
      return { location: v };
    case 'employee': {
      const e = value as { isEmployee: boolean; since: string | null; performanceRating: number | null };
      return {
        employee: { isEmployee: e.isEmployee, since: e.since, performanceRating: e.performanceRating },
      };
    }
    case 'emails':
      return { emails: (value as { address: string; primary: boolean }[]).map((e) => ({ ...e })) };
    case 'phones':
      return {
        phones: (value as { number: string; extension: string | null; primary: boolean }[]).map((p) => ({
          number: p.extension ? `${p.number} ext. ${p.extension}` : p.number,
          primary: p.primary,
        })),
      };
    case 'links':
      return { links: (value as { url: string }[]).map((l) => ({ url: l.url })) };
    case 'skills':
      return { skills: (value as { name: string }[]).map((s) => s.name) };
    case 'lastName':
      return { lastName: (value as string | null) ?? '' };
    default:
      return { [field]: v } as Partial<UpdateCandidate>;
  }
}

/** Add one field's input to an update (custom fields accumulate key by key). */
function withPart(input: UpdateCandidate, part: Partial<UpdateCandidate>): UpdateCandidate {
  if (part.customFields)
    return { ...input, customFields: { ...(input.customFields ?? {}), ...part.customFields } };
  return { ...input, ...part };
}

export interface CombineOptions {
  /** Per field: who wins when both have a value (default: the survivor). */
  loserWins: (field: string) => boolean;
  choices: Record<string, Choice>;
  /** Custom field keys that may be set (retired ones may not). */
  settableCustom: ReadonlySet<string>;
}

/**
 * Combine the loser's fields into the survivor's: empty survivor values are filled, lists are unioned, and a
 * value both have is taken from the loser only when the strategy or a manual choice says so. Returns the
 * update input for the survivor and the exact changes made (what undo reverts).
 */
export function combine(
  s: CandidateFields,
  l: CandidateFields,
  o: CombineOptions,
): { input: UpdateCandidate; changes: FieldChange[] } {
  let input: UpdateCandidate = {};
  const changes: FieldChange[] = [];
  const customKeys = [...new Set([...Object.keys(s.customFields), ...Object.keys(l.customFields)])]
    .filter((k) => o.settableCustom.has(k))
    .map((k) => `customFields.${k}`);
  for (const field of [...SCALAR_FIELDS, ...customKeys]) {
    const sv = fieldValue(s, field);
    const lv = fieldValue(l, field);
    if (same(sv, lv) || isEmpty(lv)) continue;
    const choice = o.choices[field];
    const takeLoser = choice ? choice === 'loser' : isEmpty(sv) || o.loserWins(field);
    if (!takeLoser) continue;
    changes.push({ field, before: sv, after: lv });
    input = withPart(input, inputFor(field, lv));
  }
  for (const field of LIST_FIELDS) {
    const sv = fieldValue(s, field) as unknown[];
    const lv = fieldValue(l, field) as unknown[];
    const choice = o.choices[field] ?? 'both';
    if (choice === 'survivor') continue;
    if (choice === 'loser') {
      if (same(sv, lv)) continue;
      changes.push({ field, before: sv, after: lv });
      input = { ...input, ...inputFor(field, lv) };
      continue;
    }
    const have = new Set(sv.map((e) => entryKey(field, e)));
    const added = lv
      .filter((e) => !have.has(entryKey(field, e)))
      .map((e) => (field === 'emails' || field === 'phones' ? { ...(e as object), primary: false } : e));
    if (added.length === 0) continue;
    changes.push({ field, added });
    input = { ...input, ...inputFor(field, [...sv, ...added]) };
  }
  return { input, changes };
}

/**
 * What undoing `changes` means for the survivor as it is now: a scalar still holding the merged value goes
 * back to its value before the merge (a later edit stays); entries the merge added are removed from lists.
 */
export function revert(current: CandidateFields, changes: readonly FieldChange[]): UpdateCandidate {
  let input: UpdateCandidate = {};
  for (const c of changes) {
    const now = fieldValue(current, c.field);
    if (c.added) {
      const gone = new Set(c.added.map((e) => entryKey(c.field, e)));
      const list = (now as unknown[]).filter((e) => !gone.has(entryKey(c.field, e)));
      if (list.length !== (now as unknown[]).length) input = { ...input, ...inputFor(c.field, list) };
    } else if (same(now, c.after)) input = withPart(input, inputFor(c.field, c.before));
  }
  return input;
}
