import { createRoute, lazyRouteComponent, redirect } from '@tanstack/react-router';
import { loadsFirst } from '../../ui/lazy.ts';
import type { Shell } from '../feature.ts';
import { validateReportSearch } from './search.ts';

const ArrMovementReport = lazyRouteComponent(() => import('./ArrMovementReport.tsx'), 'ArrMovementReport');
const ReportsLayout = lazyRouteComponent(() => import('./ReportsLayout.tsx'), 'ReportsLayout');

export function reportRoutes({ app }: Shell) {
  const reportsRoute = createRoute({
    getParentRoute: () => app,
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
    component: loadsFirst(() => {
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
    }, ArrMovementReport),
  });
  return [reportsRoute.addChildren([reportsIndexRoute, arrMovementRoute])] as const;
}
