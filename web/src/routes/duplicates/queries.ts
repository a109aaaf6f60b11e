import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Candidate, DuplicatePair } from '../../api/types';

export type PairStatus = DuplicatePair['status'];

export const pairsQuery = (status: PairStatus) =>
  queryOptions({
    queryKey: ['duplicate-pairs', status] as const,
    queryFn: () => unwrap(api.GET('/api/v1/duplicates/pairs', { params: { query: { status, limit: 50 } } })),
  });

export const rulesQuery = queryOptions({
  queryKey: ['duplicate-rules'] as const,
  queryFn: () => unwrap(api.GET('/api/v1/duplicates/rules')),
});

export const mergesQuery = (candidateId: string) =>
  queryOptions({
    queryKey: ['merges', candidateId] as const,
    queryFn: () =>
      unwrap(api.GET('/api/v1/candidates/{id}/merges', { params: { path: { id: candidateId } } })),
  });

export const FIELD_LABELS: Record<string, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  headline: 'Headline',
  summary: 'Summary',
  city: 'City',
  region: 'Region',
  country: 'Country',
  company: 'Company',
  title: 'Title',
  location: 'Location',
  status: 'Status',
  source: 'Source',
  ownerId: 'Owner',
  emails: 'Emails',
  phones: 'Phones',
  links: 'Links',
  work: 'Work history',
  education: 'Education',
  skills: 'Skills',
  tags: 'Tags',
  employee: 'Employee',
  compensation: 'Compensation',
  diversity: 'Diversity',
};

export const fieldLabel = (f: string, customLabel?: (key: string) => string | undefined) =>
  f.startsWith('customFields.')
    ? (customLabel?.(f.slice('customFields.'.length)) ?? f.slice('customFields.'.length))
    : (FIELD_LABELS[f] ?? f);

/** A field of a candidate as one line of text, for comparing and for choosing. */
export function showField(c: Candidate, field: string): string {
  const v: unknown = field.startsWith('customFields.')
    ? c.customFields[field.slice('customFields.'.length)]
    : (c as unknown as Record<string, unknown>)[field];
  return plainValue(field, v);
}

function plainValue(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v))
    return v
      .map((x) => {
        if (typeof x !== 'object' || x === null) return String(x);
        const o = x as Record<string, unknown>;
        if (field === 'work') return [o.title, o.company].filter(Boolean).join(' at ');
        if (field === 'education') return String(o.institution ?? '');
        return String(o.address ?? o.number ?? o.url ?? o.name ?? JSON.stringify(o));
      })
      .filter(Boolean)
      .join(', ');
  if (field === 'location') {
    const l = v as Record<string, string | null>;
    return [l.city, l.region, l.country].filter(Boolean).join(', ');
  }
  if (field === 'employee') return (v as { isEmployee?: boolean }).isEmployee ? 'yes' : '';
  return JSON.stringify(v);
}

/** The fields a merge may take from either record (the merge API's choice keys). */
export const MERGE_FIELDS = [
  'firstName',
  'lastName',
  'headline',
  'summary',
  'location',
  'status',
  'source',
  'ownerId',
  'emails',
  'phones',
  'links',
  'work',
  'education',
  'skills',
  'tags',
] as const;
export const LIST_FIELDS = new Set(['emails', 'phones', 'links', 'work', 'education', 'skills', 'tags']);
