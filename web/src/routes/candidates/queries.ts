import { queryOptions, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, unwrap } from '../../api/client';
import type { CustomField, StatusCode, StatusTerm } from '../../api/types';
import { useSession } from '../../auth/session';

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

export const userDirectoryQuery = queryOptions({
  queryKey: ['users', 'directory'] as const,
  queryFn: () => unwrap(api.GET('/api/v1/users/directory')),
  staleTime: 5 * 60_000,
});

/**
 * Colleagues to show as owners and to choose from (the directory of active users, open to every signed-in
 * user). `users` puts the signed-in user first; `label` marks them "Me" in pickers. A user who is no longer
 * active is not in the directory and shows as "Inactive user".
 */
export function useUsers(): {
  users: UserChoice[];
  nameOf: (id: string | null | undefined) => string;
  label: (u: UserChoice) => string;
} {
  const session = useSession();
  const directory = useQuery(userDirectoryQuery);
  const me = { id: session.user.id, name: session.user.name };
  const others = (directory.data?.items ?? []).filter((u) => u.id !== me.id);
  const users = [me, ...others];
  const nameOf = (id: string | null | undefined) => {
    if (!id) return '—';
    if (id === me.id) return me.name;
    const found = directory.data?.items.find((u) => u.id === id)?.name;
    if (found) return found;
    return directory.isPending ? '…' : 'Inactive user';
  };
  const label = (u: UserChoice) => (u.id === me.id ? `Me (${u.name})` : u.name);
  return { users, nameOf, label };
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
