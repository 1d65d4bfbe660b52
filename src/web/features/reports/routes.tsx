import { createRoute, redirect } from '@tanstack/react-router';
import type { Shell } from '../feature.ts';
import { ArrMovementReport } from './ArrMovementReport.tsx';
import { ReportsLayout } from './ReportsLayout.tsx';
import { validateReportSearch } from './search.ts';

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
  return [reportsRoute.addChildren([reportsIndexRoute, arrMovementRoute])] as const;
}
