import { createRoute, lazyRouteComponent, redirect } from '@tanstack/react-router';
import { loadsFirst } from '../../ui/lazy.ts';
import type { Shell } from '../feature.ts';

const ProfileLayout = lazyRouteComponent(() => import('./ProfileLayout.tsx'), 'ProfileLayout');

export function profileRoutes({ app, profileTabs }: Shell) {
  const profileRoute = createRoute({
    getParentRoute: () => app,
    path: '/profile',
    component: loadsFirst(() => {
      return <ProfileLayout tabs={profileTabs} />;
    }, ProfileLayout),
  });
  // A plain string: the tabs' paths are data, not route types.
  const firstTab: string = `/profile/${profileTabs[0]?.path ?? ''}`;
  const profileIndexRoute = createRoute({
    getParentRoute: () => profileRoute,
    path: '/',
    beforeLoad: () => {
      throw redirect({ to: firstTab, replace: true });
    },
  });
  const tabRoutes = profileTabs.map((t) =>
    createRoute({ getParentRoute: () => profileRoute, path: t.path, component: t.component }),
  );
  return [profileRoute.addChildren([profileIndexRoute, ...tabRoutes])] as const;
}
