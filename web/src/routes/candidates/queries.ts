import { queryOptions, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, unwrap } from '../../api/client';
import type { CustomField, StatusCode, StatusTerm } from '../../api/types';
import { can, useSession } from '../../auth/session';

export const STATUS_CODES: StatusCode[] = [
  'new',
  'contacted',
  'engaged',
  'interested',
  'applied',
  'screening',
  'interviewing',
  'offer',
  'hired',
  'not_interested',
  'rejected',
  'do_not_contact',
  'archived',
];

export const customFieldsQuery = queryOptions({
  queryKey: ['custom-fields'] as const,
  queryFn: () => unwrap(api.GET('/api/v1/custom-fields')),
  staleTime: 60_000,
});

export const statusTermsQuery = queryOptions({
  queryKey: ['status-terminology'] as const,
  queryFn: () => unwrap(api.GET('/api/v1/status-terminology')),
  staleTime: 5 * 60_000,
});

export const candidateSettingsQuery = queryOptions({
  queryKey: ['candidate-settings'] as const,
  queryFn: () => unwrap(api.GET('/api/v1/candidate-settings')),
});

export const poolsQuery = (archived = false) =>
  queryOptions({
    queryKey: ['pools', { archived }] as const,
    queryFn: () =>
      unwrap(api.GET('/api/v1/pools', { params: { query: archived ? { archived: 'true' } : {} } })),
  });

export const savedSearchesQuery = (segments: boolean) =>
  queryOptions({
    queryKey: ['saved-searches', { segments }] as const,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/saved-searches', { params: { query: { segments: segments ? 'true' : 'false' } } }),
      ),
  });

export const candidateQuery = (id: string) =>
  queryOptions({
    queryKey: ['candidate', id] as const,
    queryFn: () => unwrap(api.GET('/api/v1/candidates/{id}', { params: { path: { id } } })),
  });

/** The label of a status for this browser's locale: workspace label for the locale, its language, else built-in. */
export function statusLabel(
  terms: StatusTerm[] | undefined,
  code: string,
  locale = navigator.language,
): string {
  const term = terms?.find((t) => t.code === code);
  if (!term) return code.replace(/_/g, ' ');
  const lang = locale.slice(0, 2);
  const find = (l: string) => term.labels.find((x) => x.team === '' && x.locale === l)?.label;
  return find(locale) ?? find(lang) ?? term.defaultLabel;
}

export function useStatusLabel(): (code: string) => string {
  const { data } = useQuery(statusTermsQuery);
  return useCallback((code: string) => statusLabel(data?.items, code), [data]);
}

export interface UserChoice {
  id: string;
  name: string;
}

/**
 * Users to show as owners and to choose from. The API lists users only to holders of users:read; everyone
 * else knows just themselves (see the report: a user directory for candidates:read is missing).
 */
export function useUsers(): { users: UserChoice[]; nameOf: (id: string | null | undefined) => string } {
  const session = useSession();
  const list = useQuery({
    queryKey: ['users', 'directory'],
    enabled: can(session, 'users:read'),
    staleTime: 5 * 60_000,
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query: { limit: 200 } } })),
  });
  const me = { id: session.user.id, name: session.user.name };
  const users = list.data
    ? list.data.items
        .filter((u) => u.status === 'active' || u.id === me.id)
        .map((u) => ({ id: u.id, name: u.name }))
    : [me];
  const nameOf = (id: string | null | undefined) => {
    if (!id) return '—';
    if (id === me.id) return me.name;
    return list.data?.items.find((u) => u.id === id)?.name ?? 'Another user';
  };
  return { users, nameOf };
}

/** Definitions by key, for labels and picklist labels. */
export function useCustomFields(): { fields: CustomField[]; byKey: Map<string, CustomField> } {
  const { data } = useQuery(customFieldsQuery);
  const fields = data?.items ?? [];
  return { fields, byKey: new Map(fields.map((f) => [f.key, f])) };
}

/** A custom value for display: option labels instead of codes, yes/no, user names. */
export function showCustomValue(
  def: CustomField | undefined,
  value: unknown,
  nameOf: (id: string) => string,
): string {
  if (value === null || value === undefined || value === '') return '—';
  if (!def) return Array.isArray(value) ? value.join(', ') : String(value);
  const option = (code: unknown) => def.options.find((o) => o.code === code)?.label ?? String(code);
  switch (def.type) {
    case 'single_select':
      return option(value);
    case 'multi_select':
      return (Array.isArray(value) ? value : [value]).map(option).join(', ');
    case 'boolean':
      return value ? 'Yes' : 'No';
    case 'user':
      return nameOf(String(value));
    default:
      return Array.isArray(value) ? value.join(', ') : String(value);
  }
}

export const PAGE_SIZE = 25;
