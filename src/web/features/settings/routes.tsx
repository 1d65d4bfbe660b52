import { createRoute, redirect } from '@tanstack/react-router';
import type { Shell } from '../feature.ts';
import { SettingsLayout } from './SettingsLayout.tsx';

export function settingsRoutes({ app, settingsTabs }: Shell) {
  const settingsRoute = createRoute({
    getParentRoute: () => app,
    path: '/settings',
    component: function SettingsRoute() {
      return <SettingsLayout tabs={settingsTabs} />;
    },
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
