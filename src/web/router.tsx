import { Box, Button, Stack, Text, Title } from '@mantine/core';
import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  type ErrorComponentProps,
  Link,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { AccountPage } from './features/accounts/AccountPage.tsx';
import { AccountsPage } from './features/accounts/AccountsPage.tsx';
import { validateAccountListSearch, validateAccountPageSearch } from './features/accounts/search.ts';
import { ApiKeysTab } from './features/api-keys/ApiKeysTab.tsx';
import { FeedbackThemesPage } from './features/feedback/FeedbackThemesPage.tsx';
import { ForecastPage } from './features/forecast/ForecastPage.tsx';
import { validateForecastSearch } from './features/forecast/search.ts';
import { HealthDashboard } from './features/health/HealthDashboard.tsx';
import { HealthModelSettings } from './features/health/HealthModelSettings.tsx';
import { validateHealthDashboardSearch } from './features/health/search.ts';
import { IssuePage } from './features/issues/IssuePage.tsx';
import { IssuesPage } from './features/issues/IssuesPage.tsx';
import { SlaSettings } from './features/issues/SlaSettings.tsx';
import { validateIssueBoardSearch } from './features/issues/search.ts';
import { MyDayPage } from './features/my-day/MyDayPage.tsx';
import { PipelinePage } from './features/pipeline/PipelinePage.tsx';
import { validatePipelineSearch } from './features/pipeline/search.ts';
import { RenewalsPage, type RenewalWindow, renewalWindows } from './features/renewals/RenewalsPage.tsx';
import { ArrMovementReport } from './features/reports/ArrMovementReport.tsx';
import { ReportsLayout } from './features/reports/ReportsLayout.tsx';
import { validateReportSearch } from './features/reports/search.ts';
import { SectionUnavailable } from './features/sections/SectionUnavailable.tsx';
import { SignInPage } from './features/session/SignInPage.tsx';
import { meQuery, safeRedirect, setupQuery } from './features/session/session.ts';
import { SettingsLayout } from './features/settings/SettingsLayout.tsx';
import { SetupPage } from './features/setup/SetupPage.tsx';
import { TeamsTab } from './features/teams/TeamsTab.tsx';
import { UsersTab } from './features/users/UsersTab.tsx';
import { AppLayout } from './ui/AppLayout.tsx';
import { sections } from './ui/sections.ts';
import { ErrorState, PageLoader } from './ui/states.tsx';

export interface RouterContext {
  queryClient: QueryClient;
}

function NotFound() {
  return (
    <Stack gap="sm" align="flex-start">
      <Title order={1} size="h2">
        Page not found
      </Title>
      <Text>There is no page at this address.</Text>
      <Button component={Link} to="/" variant="light">
        Go to My day
      </Button>
    </Stack>
  );
}

function RouteError({ error, reset }: ErrorComponentProps) {
  return (
    <Stack p="lg">
      <ErrorState error={error} title="This page could not be shown" onRetry={reset} />
    </Stack>
  );
}

function RootNotFound() {
  return (
    <Box p="lg">
      <NotFound />
    </Box>
  );
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: RootNotFound,
});

const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/setup',
  beforeLoad: async ({ context }) => {
    const setup = await context.queryClient.fetchQuery(setupQuery);
    if (!setup.needed) throw redirect({ to: '/' });
  },
  component: SetupPage,
});

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: (search: Record<string, unknown>): { redirect?: string } =>
    typeof search.redirect === 'string' ? { redirect: search.redirect } : {},
  beforeLoad: async ({ context, search }) => {
    // Always ask the server: a cached user may have signed out or been signed out.
    const me = await context.queryClient.fetchQuery({ ...meQuery, staleTime: 0 });
    if (me) throw redirect({ href: safeRedirect(search.redirect) });
    const setup = await context.queryClient.fetchQuery(setupQuery);
    if (setup.needed) throw redirect({ to: '/setup' });
  },
  component: function SignInRoute() {
    const { redirect } = signInRoute.useSearch();
    return <SignInPage redirect={redirect} />;
  },
});

/** Everything behind sign-in. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    const me = await context.queryClient.ensureQueryData(meQuery);
    if (me) return;
    const setup = await context.queryClient.fetchQuery(setupQuery);
    if (setup.needed) throw redirect({ to: '/setup' });
    throw redirect({ to: '/sign-in', search: { redirect: location.href } });
  },
  component: AppLayout,
});

const myDayRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  validateSearch: (search: Record<string, unknown>): { date?: string } => ({
    date:
      typeof search.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(search.date) ? search.date : undefined,
  }),
  component: function MyDayRoute() {
    // The index route's search merges with the layout's ({}), which TypeScript sees as a union.
    const { date } = myDayRoute.useSearch() as { date?: string };
    const navigate = myDayRoute.useNavigate();
    return <MyDayPage date={date} onDateChange={(d) => void navigate({ search: d ? { date: d } : {} })} />;
  },
});

const accountsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/accounts',
  validateSearch: validateAccountListSearch,
  component: function AccountsRoute() {
    const search = accountsRoute.useSearch();
    const navigate = accountsRoute.useNavigate();
    return (
      <AccountsPage
        search={search}
        onSearchChange={(patch) =>
          // Typing and picking filters should not fill the back button's history.
          void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true })
        }
      />
    );
  },
});

const accountRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/accounts/$accountId',
  validateSearch: validateAccountPageSearch,
  component: function AccountRoute() {
    const { accountId } = accountRoute.useParams();
    const { tab } = accountRoute.useSearch();
    const navigate = accountRoute.useNavigate();
    return (
      <AccountPage
        // A different account starts with fresh state (forms, dialogs).
        key={accountId}
        accountId={accountId}
        tab={tab ?? 'overview'}
        onTabChange={(t) => void navigate({ search: t === 'overview' ? {} : { tab: t } })}
      />
    );
  },
});

const healthRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/health',
  validateSearch: validateHealthDashboardSearch,
  component: function HealthRoute() {
    const search = healthRoute.useSearch();
    const navigate = healthRoute.useNavigate();
    return (
      <HealthDashboard search={search} onSearchChange={(s) => void navigate({ search: s, replace: true })} />
    );
  },
});

const issuesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/issues',
  validateSearch: validateIssueBoardSearch,
  component: function IssuesRoute() {
    const search = issuesRoute.useSearch();
    const navigate = issuesRoute.useNavigate();
    return (
      <IssuesPage
        search={search}
        onSearchChange={(patch) =>
          void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true })
        }
      />
    );
  },
});

const issueRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/issues/$issueId',
  component: function IssueRoute() {
    const { issueId } = issueRoute.useParams();
    return <IssuePage key={issueId} issueId={issueId} />;
  },
});

const feedbackRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/feedback',
  validateSearch: (search: Record<string, unknown>): { by?: 'title' } =>
    search.by === 'title' ? { by: 'title' } : {},
  component: function FeedbackRoute() {
    // Sections not built yet share the path type, so the search reads as a union with {}.
    const { by }: { by?: 'title' } = feedbackRoute.useSearch();
    const navigate = feedbackRoute.useNavigate();
    return (
      <FeedbackThemesPage
        groupBy={by ?? 'productArea'}
        onGroupByChange={(g) =>
          void navigate({ search: g === 'title' ? { by: 'title' } : {}, replace: true })
        }
      />
    );
  },
});

const pipelineRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/pipeline',
  validateSearch: validatePipelineSearch,
  component: function PipelineRoute() {
    const search = pipelineRoute.useSearch();
    const navigate = pipelineRoute.useNavigate();
    return (
      <PipelinePage
        search={search}
        onSearchChange={(patch) =>
          void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true })
        }
      />
    );
  },
});

const renewalsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/renewals',
  validateSearch: (search: Record<string, unknown>): { window?: RenewalWindow } => {
    const w = Number(search.window);
    return renewalWindows.includes(w as RenewalWindow) && w !== 90 ? { window: w as RenewalWindow } : {};
  },
  component: function RenewalsRoute() {
    // All of its search is optional, which TypeScript sees as a union with the layout's ({}).
    const { window } = renewalsRoute.useSearch() as { window?: RenewalWindow };
    const navigate = renewalsRoute.useNavigate();
    return (
      <RenewalsPage
        window={window ?? 90}
        onWindowChange={(w) => void navigate({ search: w === 90 ? {} : { window: w }, replace: true })}
      />
    );
  },
});

const forecastRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/forecast',
  validateSearch: validateForecastSearch,
  component: function ForecastRoute() {
    const search = forecastRoute.useSearch();
    const navigate = forecastRoute.useNavigate();
    return (
      <ForecastPage
        search={search}
        onSearchChange={(patch) =>
          void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true })
        }
      />
    );
  },
});

const reportsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/reports',
  component: ReportsLayout,
});
const reportsIndexRoute = createRoute({
  getParentRoute: () => reportsRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/reports/arr-movement', replace: true });
  },
});
const arrMovementRoute = createRoute({
  getParentRoute: () => reportsRoute,
  path: 'arr-movement',
  validateSearch: validateReportSearch,
  component: function ArrMovementRoute() {
    const search = arrMovementRoute.useSearch();
    const navigate = arrMovementRoute.useNavigate();
    return (
      <ArrMovementReport
        search={search}
        onSearchChange={(patch) =>
          void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true })
        }
      />
    );
  },
});

const sectionRoutes = sections
  .filter((s) => !s.available && s.path !== '/')
  .map((s) =>
    createRoute({
      getParentRoute: () => appRoute,
      path: s.path,
      component: () => <SectionUnavailable section={s} />,
    }),
  );

const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings',
  component: SettingsLayout,
});
const settingsIndexRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/settings/users', replace: true });
  },
});
const usersRoute = createRoute({ getParentRoute: () => settingsRoute, path: 'users', component: UsersTab });
const teamsRoute = createRoute({ getParentRoute: () => settingsRoute, path: 'teams', component: TeamsTab });
const apiKeysRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'api-keys',
  component: ApiKeysTab,
});

const healthModelRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'health-model',
  component: HealthModelSettings,
});
const slaRoute = createRoute({ getParentRoute: () => settingsRoute, path: 'sla', component: SlaSettings });

// Unknown addresses inside the app show their notice within the app's layout.
const appNotFoundRoute = createRoute({ getParentRoute: () => appRoute, path: '$', component: NotFound });

const routeTree = rootRoute.addChildren([
  setupRoute,
  signInRoute,
  appRoute.addChildren([
    myDayRoute,
    accountsRoute,
    accountRoute,
    healthRoute,
    issuesRoute,
    issueRoute,
    feedbackRoute,
    pipelineRoute,
    renewalsRoute,
    forecastRoute,
    reportsRoute.addChildren([reportsIndexRoute, arrMovementRoute]),
    ...sectionRoutes,
    settingsRoute.addChildren([
      settingsIndexRoute,
      usersRoute,
      teamsRoute,
      apiKeysRoute,
      healthModelRoute,
      slaRoute,
    ]),
    appNotFoundRoute,
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    // Data lives in TanStack Query; the router should not cache loader results on its own.
    defaultPreloadStaleTime: 0,
    defaultPendingComponent: () => <PageLoader />,
    defaultErrorComponent: RouteError,
    defaultNotFoundComponent: RootNotFound,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
