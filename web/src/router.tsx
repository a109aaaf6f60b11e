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
import { CandidateSettings } from './routes/admin/CandidateSettings';
import { CustomFields } from './routes/admin/CustomFields';
import { Roles } from './routes/admin/Roles';
import { Statuses } from './routes/admin/Statuses';
import { Users } from './routes/admin/Users';
import { Coming } from './routes/Coming';
import { CandidateList } from './routes/candidates/CandidateList';
import { CandidatePage } from './routes/candidates/CandidatePage';
import { NewCandidate } from './routes/candidates/NewCandidate';
import { validateCandidateSearch } from './routes/candidates/searchState';
import { DuplicateRules } from './routes/duplicates/DuplicateRules';
import { ReviewQueue } from './routes/duplicates/ReviewQueue';
import { Home } from './routes/Home';
import { ImportHistory } from './routes/imports/ImportHistory';
import { ImportWizard } from './routes/imports/ImportWizard';
import { RunPage } from './routes/imports/RunPage';
import { Sources } from './routes/imports/Sources';
import { Vendors } from './routes/imports/Vendors';
import { DevMailbox } from './routes/outreach/DevMailbox';
import { EnrollmentPage } from './routes/outreach/EnrollmentPage';
import { Enrollments, validateEnrollmentSearch } from './routes/outreach/Enrollments';
import { Holidays } from './routes/outreach/Holidays';
import { OutreachSettings } from './routes/outreach/OutreachSettings';
import { SenderProfile } from './routes/outreach/SenderProfile';
import { SequenceBuilder } from './routes/outreach/SequenceBuilder';
import { SequenceMetrics } from './routes/outreach/SequenceMetrics';
import { Sequences } from './routes/outreach/Sequences';
import { TemplateEditor } from './routes/outreach/TemplateEditor';
import { Templates } from './routes/outreach/Templates';
import { WorkItems } from './routes/outreach/WorkItems';
import { PoolHistory } from './routes/pools/PoolHistory';
import { Pools } from './routes/pools/Pools';
import { Segments } from './routes/pools/Segments';
import { SignIn } from './routes/SignIn';
import { NoAccess, NotFound } from './routes/Status';
import { parsePlainSearch, stringifyPlainSearch } from './searchParams';

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

const areaRoutes = productAreas
  .filter((area) => !area.ready)
  .map((area) =>
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

/** A screen behind a permission, under the authenticated layout. */
function guarded<P extends string>(path: P, permission: string, Screen: () => ReactNode) {
  return createRoute({
    getParentRoute: () => appRoute,
    path,
    component: () => (
      <RequirePermission permission={permission}>
        <Screen />
      </RequirePermission>
    ),
  });
}

const candidatesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/candidates',
  validateSearch: validateCandidateSearch,
  component: function CandidatesPage() {
    const search = candidatesRoute.useSearch();
    const navigate = candidatesRoute.useNavigate();
    return (
      <RequirePermission permission="candidates:read">
        <CandidateList search={search} onSearch={(next) => navigate({ search: next })} />
      </RequirePermission>
    );
  },
});
const newCandidateRoute = guarded('/candidates/new', 'candidates:write', NewCandidate);
const candidateRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/candidates/$id',
  component: function CandidateRoute() {
    const { id } = candidateRoute.useParams();
    return (
      <RequirePermission permission="candidates:read">
        <CandidatePage key={id} id={id} />
      </RequirePermission>
    );
  },
});
const poolsRoute = guarded('/pools', 'candidates:read', Pools);
const poolHistoryRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/pools/$id/history',
  component: function PoolHistoryRoute() {
    const { id } = poolHistoryRoute.useParams();
    return (
      <RequirePermission permission="candidates:read">
        <PoolHistory id={id} />
      </RequirePermission>
    );
  },
});
const segmentsRoute = guarded('/segments', 'candidates:read', Segments);
const importsRoute = guarded('/imports', 'imports:read', ImportHistory);
const newImportRoute = guarded('/imports/new', 'imports:run', ImportWizard);
const importRunRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/imports/$id',
  component: function ImportRunRoute() {
    const { id } = importRunRoute.useParams();
    return (
      <RequirePermission permission="imports:read">
        <RunPage key={id} id={id} />
      </RequirePermission>
    );
  },
});
const duplicatesRoute = guarded('/duplicates', 'duplicates:review', ReviewQueue);
const duplicateRulesRoute = guarded('/admin/duplicate-rules', 'duplicates:review', DuplicateRules);
const sourcesRoute = guarded('/admin/sources', 'imports:read', Sources);
const vendorsRoute = guarded('/admin/vendors', 'imports:read', Vendors);
const customFieldsRoute = guarded('/admin/custom-fields', 'candidates:read', CustomFields);
const statusesRoute = guarded('/admin/statuses', 'candidates:read', Statuses);
const candidateSettingsRoute = guarded('/admin/candidate-settings', 'candidates:read', CandidateSettings);

const sequencesRoute = guarded('/sequences', 'outreach:read', Sequences);
const newSequenceRoute = guarded('/sequences/new', 'outreach:sequences', () => <SequenceBuilder />);
const sequenceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/sequences/$id',
  component: function SequenceRoute() {
    const { id } = sequenceRoute.useParams();
    return (
      <RequirePermission permission="outreach:read">
        <SequenceBuilder key={id} id={id} />
      </RequirePermission>
    );
  },
});
const templatesRoute = guarded('/templates', 'outreach:read', Templates);
const newTemplateRoute = guarded('/templates/new', 'outreach:templates', () => <TemplateEditor />);
const templateRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/templates/$id',
  component: function TemplateRoute() {
    const { id } = templateRoute.useParams();
    return (
      <RequirePermission permission="outreach:read">
        <TemplateEditor key={id} id={id} />
      </RequirePermission>
    );
  },
});
const enrollmentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/enrollments',
  validateSearch: validateEnrollmentSearch,
  component: function EnrollmentsRoute() {
    const search = enrollmentsRoute.useSearch();
    const navigate = enrollmentsRoute.useNavigate();
    return (
      <RequirePermission permission="outreach:read">
        <Enrollments search={search} onSearch={(next) => navigate({ search: next })} />
      </RequirePermission>
    );
  },
});
const enrollmentRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/enrollments/$id',
  component: function EnrollmentRoute() {
    const { id } = enrollmentRoute.useParams();
    return (
      <RequirePermission permission="outreach:read">
        <EnrollmentPage key={id} id={id} />
      </RequirePermission>
    );
  },
});
const senderProfileRoute = guarded('/outreach/sender', 'outreach:enroll', SenderProfile);
const holidaysRoute = guarded('/admin/outreach-holidays', 'outreach:read', Holidays);
const outreachSettingsRoute = guarded('/admin/outreach-settings', 'outreach:read', OutreachSettings);
const workItemsRoute = guarded('/work-items', 'outreach:read', WorkItems);
const sequenceMetricsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/sequences/$id/metrics',
  component: function SequenceMetricsRoute() {
    const { id } = sequenceMetricsRoute.useParams();
    return (
      <RequirePermission permission="outreach:read">
        <SequenceMetrics key={id} id={id} />
      </RequirePermission>
    );
  },
});
const mailboxRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/mailbox',
  validateSearch: (search: Record<string, unknown>): { id?: string | undefined } => ({
    id: typeof search.id === 'string' ? search.id : undefined,
  }),
  component: function MailboxRoute() {
    const { id } = mailboxRoute.useSearch();
    const navigate = mailboxRoute.useNavigate();
    return (
      <RequirePermission permission="outreach:read">
        <DevMailbox selected={id} onSelect={(next) => navigate({ search: { id: next } })} />
      </RequirePermission>
    );
  },
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  appRoute.addChildren([
    homeRoute,
    ...areaRoutes,
    candidatesRoute,
    newCandidateRoute,
    candidateRoute,
    poolsRoute,
    poolHistoryRoute,
    segmentsRoute,
    usersRoute,
    rolesRoute,
    tokensRoute,
    auditRoute,
    customFieldsRoute,
    statusesRoute,
    candidateSettingsRoute,
    importsRoute,
    newImportRoute,
    importRunRoute,
    duplicatesRoute,
    duplicateRulesRoute,
    sourcesRoute,
    vendorsRoute,
    sequencesRoute,
    newSequenceRoute,
    sequenceRoute,
    templatesRoute,
    newTemplateRoute,
    templateRoute,
    enrollmentsRoute,
    enrollmentRoute,
    senderProfileRoute,
    holidaysRoute,
    outreachSettingsRoute,
    workItemsRoute,
    sequenceMetricsRoute,
    mailboxRoute,
  ]),
]);

export function makeRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    scrollRestoration: true,
    parseSearch: parsePlainSearch,
    stringifySearch: stringifyPlainSearch,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof makeRouter>;
  }
}
