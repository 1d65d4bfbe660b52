import { createRoute, lazyRouteComponent, redirect } from '@tanstack/react-router';
import { loadsFirst } from '../../ui/lazy.ts';
import type { Shell } from '../feature.ts';

const SettingsLayout = lazyRouteComponent(() => import('./SettingsLayout.tsx'), 'SettingsLayout');

export function settingsRoutes({ app, settingsTabs }: Shell) {
  const settingsRoute = createRoute({
    getParentRoute: () => app,
    path: '/settings',
    component: loadsFirst(() => {
      return <SettingsLayout tabs={settingsTabs} />;
    }, SettingsLayout),
  });
  // A plain string: the tabs' paths are data, not route types.
  const firstTab: string = `/settings/${settingsTabs[0]?.path ?? ''}`;
  const settingsIndexRoute = createRoute({
    getParentRoute: () => settingsRoute,
    path: '/',
    beforeLoad: () => {
      throw redirect({ to: firstTab, replace: true });
    },
  });
  const tabRoutes = settingsTabs.map((t) =>
    createRoute({ getParentRoute: () => settingsRoute, path: t.path, component: t.component }),
  );
  return [settingsRoute.addChildren([settingsIndexRoute, ...tabRoutes])] as const;
}
