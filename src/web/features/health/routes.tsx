import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { loadsFirst } from '../../ui/lazy.ts';
import type { Shell } from '../feature.ts';
import { validateHealthDashboardSearch } from './search.ts';

const HealthDashboard = lazyRouteComponent(() => import('./HealthDashboard.tsx'), 'HealthDashboard');

export function healthRoutes({ app }: Shell) {
  const healthRoute = createRoute({
    getParentRoute: () => app,
    path: '/health',
    validateSearch: validateHealthDashboardSearch,
    component: loadsFirst(() => {
      const search = healthRoute.useSearch();
      const navigate = healthRoute.useNavigate();
      return (
        <HealthDashboard
          search={search}
          onSearchChange={(s) => void navigate({ search: s, replace: true })}
        />
      );
    }, HealthDashboard),
  });
  return [healthRoute] as const;
}
