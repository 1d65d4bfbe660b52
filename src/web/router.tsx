import { Box, Button, Stack, Text, Title } from '@mantine/core';
import type { QueryClient } from '@tanstack/react-query';
import {
  type AnyRoute,
  createRootRouteWithContext,
  createRoute,
  createRouter,
  type ErrorComponentProps,
  Link,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import {
  accountTabsOf,
  appRoutesOf,
  navEntriesOf,
  pageCommandsOf,
  profileTabsOf,
  publicRoutesOf,
  settingsTabsOf,
} from './features/feature.ts';
import * as featureList from './features/index.ts';
import { meQuery, setupQuery } from './features/session/index.ts';
import { AppLayout } from './ui/AppLayout.tsx';
import { preloadComponent } from './ui/lazy.ts';
import { ErrorState, PageLoader } from './ui/states.tsx';

export interface RouterContext {
  queryClient: QueryClient;
}

const features = Object.values(featureList);
const accountTabs = accountTabsOf(features);
const nav = navEntriesOf(features);
const pageCommands = pageCommandsOf(features);

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
export type RootRoute = typeof rootRoute;

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
  component: function SignedIn() {
    return <AppLayout nav={nav} pageCommands={pageCommands} />;
  },
});
export type AppRoute = typeof appRoute;

// Unknown addresses inside the app show their notice within the app's layout.
const appNotFoundRoute = createRoute({ getParentRoute: () => appRoute, path: '$', component: NotFound });

const routeTree = rootRoute.addChildren([
  ...publicRoutesOf(features, rootRoute),
  appRoute.addChildren([
    ...appRoutesOf(features, {
      app: appRoute,
      accountTabs,
      settingsTabs: settingsTabsOf(features),
      profileTabs: profileTabsOf(features),
    }),
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

/**
 * The code of the page at the address the app opens on starts loading at once, beside the session
 * check the app's layout route makes first, rather than after it; and the route is preloaded, which
 * runs that check and then the page's loaders (which start its queries) now, while React renders
 * the app for the first time, rather than once the router has mounted. The router's own load of the
 * address then finds them done or under way.
 */
export function preloadCurrentPage(router: ReturnType<typeof createAppRouter>) {
  for (const match of router.matchRoutes(router.latestLocation)) {
    const route: AnyRoute | undefined = (router.routesById as Record<string, AnyRoute>)[match.routeId];
    if (route) void router.loadRouteChunk(route)?.catch(() => undefined);
  }
  const { pathname, search } = router.latestLocation;
  void router.preloadRoute({ to: pathname, search } as Parameters<typeof router.preloadRoute>[0]);
}

/**
 * Every page's code loads on demand (src/web/ui/lazy.ts), so the first screen gets only its own.
 * Once it shows, with its data in and nothing else loading, the other pages' code (and the account
 * page's tabs) loads in the background, a few files at a time: going to another page is then as
 * quick as when the app was one bundle, and never waits for a download the first page needed more.
 */
export function preloadPagesWhenIdle(router: ReturnType<typeof createAppRouter>, queryClient: QueryClient) {
  const lazy = [
    ...Object.values(router.routesById).map((route) => () => router.loadRouteChunk(route)),
    ...accountTabs.map((t) => () => preloadComponent(t.component)),
  ];
  const busy = () => router.state.status !== 'idle' || queryClient.isFetching() > 0;
  const next = async () => {
    if (busy()) return void setTimeout(next, 250);
    const batch = lazy.splice(0, 4);
    // A chunk that fails to load now is tried again when its page is opened.
    await Promise.allSettled(batch.map((load) => load()));
    if (lazy.length > 0) setTimeout(next, 0);
  };
  setTimeout(next, 250);
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
