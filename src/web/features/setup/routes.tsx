import { createRoute, lazyRouteComponent, redirect } from '@tanstack/react-router';
import type { RootRoute } from '../../router.tsx';
import { setupQuery } from '../session/index.ts';

const SetupPage = lazyRouteComponent(() => import('./SetupPage.tsx'), 'SetupPage');

export function setupRoutes(root: RootRoute) {
  const setupRoute = createRoute({
    getParentRoute: () => root,
    path: '/setup',
    beforeLoad: async ({ context }) => {
      const setup = await context.queryClient.fetchQuery(setupQuery);
      if (!setup.needed) throw redirect({ to: '/' });
    },
    component: SetupPage,
  });
  return [setupRoute] as const;
}
