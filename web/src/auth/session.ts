import { queryOptions, useQuery } from '@tanstack/react-query';
import { ApiError, api, setCsrfToken, unwrap } from '../api/client';
import type { Session } from '../api/types';

/** The current session, or null when signed out. A 401 is an answer here, not an error. */
export const sessionQuery = queryOptions({
  queryKey: ['session'] as const,
  queryFn: async (): Promise<Session | null> => {
    try {
      const session = await unwrap(api.GET('/api/v1/auth/session'));
      setCsrfToken(session.csrfToken);
      return session;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        setCsrfToken(null);
        return null;
      }
      throw e;
    }
  },
  staleTime: 5 * 60_000,
  retry: false,
});

/** The signed-in session; only for components under the authenticated layout. */
export function useSession(): Session {
  const { data } = useQuery(sessionQuery);
  if (!data) throw new Error('useSession called outside the authenticated area');
  return data;
}

export function can(session: Session | null | undefined, permission: string): boolean {
  return !!session?.permissions.includes(permission);
}

/** Accept only same-origin paths as post-sign-in destinations (no open redirects). */
export function safeRedirect(target: unknown): string {
  return typeof target === 'string' && target.startsWith('/') && !target.startsWith('//') ? target : '/';
}
