import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { loadsFirst } from '../../ui/lazy.ts';
import type { Shell } from '../feature.ts';
import { validateWorkloadSearch } from './weeks.ts';

const WorkloadPage = lazyRouteComponent(() => import('./WorkloadPage.tsx'), 'WorkloadPage');

export function workloadRoutes({ app }: Shell) {
  const workloadRoute = createRoute({
    getParentRoute: () => app,
    path: '/workload',
    validateSearch: validateWorkloadSearch,
    component: loadsFirst(() => {
      const search = workloadRoute.useSearch();
      const navigate = workloadRoute.useNavigate();
      return (
        <WorkloadPage
          search={search}
          onSearchChange={(patch) =>
            void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true })
          }
        />
      );
    }, WorkloadPage),
  });
  return [workloadRoute] as const;
}
