import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { can, sessionQuery, useSession } from './auth/session';
import { Shell } from './components/Shell';
import { productAreas } from './nav';
import { ApiTokens } from './routes/admin/ApiTokens';
import { AuditLog } from './routes/admin/AuditLog';
import { Roles } from './routes/admin/Roles';
import { Users } from './routes/admin/Users';
import { Coming } from './routes/Coming';
import { Home } from './routes/Home';
import { SignIn } from './routes/SignIn';
import { NoAccess, NotFound } from './routes/Status';

interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFound,
});

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: (search: Record<string, unknown>): { redirect?: string | undefined } => ({
    redirect: typeof search.redirect === 'string' ? search.redirect : undefined,
  }),
  beforeLoad: async ({ context, search }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery);
    if (session) throw redirect({ href: search.redirect?.startsWith('/') ? search.redirect : '/' });
  },
  component: function SignInPage() {
    const { redirect: target } = signInRoute.useSearch();
    return <SignIn redirect={target} />;
  },
});

/** Everything behind sign-in: no session sends the user to /sign-in, remembering where they were going. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery);
    if (!session) throw redirect({ to: '/sign-in', search: { redirect: location.href } });
  },
  component: Shell,
  notFoundComponent: NotFound,
});

function RequirePermission({ permission, children }: { permission: string; children: ReactNode }) {
  const session = useSession();
  return can(session, permission) ? children : <NoAccess />;
}

const homeRoute = createRoute({ getParentRoute: () => appRoute, path: '/', component: Home });

const areaRoutes = productAreas.map((area) =>
  createRoute({ getParentRoute: () => appRoute, path: area.path, component: () => <Coming area={area} /> }),
);

const usersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/users',
  component: () => (
    <RequirePermission permission="users:read">
      <Users />
    </RequirePermission>
  ),
});
const rolesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/roles',
  component: () => (
    <RequirePermission permission="roles:read">
      <Roles />
    </RequirePermission>
  ),
});
const tokensRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/api-tokens',
  component: () => (
    <RequirePermission permission="api_tokens:own">
      <ApiTokens />
    </RequirePermission>
  ),
});
const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/audit',
  component: () => (
    <RequirePermission permission="audit:read">
      <AuditLog />
    </RequirePermission>
  ),
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  appRoute.addChildren([homeRoute, ...areaRoutes, usersRoute, rolesRoute, tokensRoute, auditRoute]),
]);

export function makeRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof makeRouter>;
  }
}
