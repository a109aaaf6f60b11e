import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

export const rolesQuery = queryOptions({
  queryKey: ['roles'] as const,
  queryFn: () => unwrap(api.GET('/api/v1/roles')),
});

export const permissionsQuery = queryOptions({
  queryKey: ['permissions'] as const,
  queryFn: () => unwrap(api.GET('/api/v1/permissions')),
  staleTime: 10 * 60_000,
});

export const PAGE_SIZE = 50;
