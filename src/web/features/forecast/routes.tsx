import { createRoute } from '@tanstack/react-router';
import type { Shell } from '../feature.ts';
import { ForecastPage } from './ForecastPage.tsx';
import { validateForecastSearch } from './search.ts';

export function forecastRoutes({ app }: Shell) {
  const forecastRoute = createRoute({
    getParentRoute: () => app,
    path: '/forecast',
    validateSearch: validateForecastSearch,
    component: function ForecastRoute() {
      const search = forecastRoute.useSearch();
      const navigate = forecastRoute.useNavigate();
      return (
        <ForecastPage
          search={search}
          onSearchChange={(patch) =>
            void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true })
          }
        />
      );
    },
  });
  return [forecastRoute] as const;
}
