import { createRoute } from '@tanstack/react-router';
import type { Shell } from '../feature.ts';
import { HealthDashboard } from './HealthDashboard.tsx';
import { validateHealthDashboardSearch } from './search.ts';

export function healthRoutes({ app }: Shell) {
  const healthRoute = createRoute({
    getParentRoute: () => app,
    path: '/health',
    validateSearch: validateHealthDashboardSearch,
    component: function HealthRoute() {
      const search = healthRoute.useSearch();
      const navigate = healthRoute.useNavigate();
      return (
        <HealthDashboard
          search={search}
          onSearchChange={(s) => void navigate({ search: s, replace: true })}
        />
      );
    },
  });
  return [healthRoute] as const;
}
