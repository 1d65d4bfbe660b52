import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { loadsFirst } from '../../ui/lazy.ts';
import type { Shell } from '../feature.ts';
import { validateForecastSearch } from './search.ts';

const ForecastPage = lazyRouteComponent(() => import('./ForecastPage.tsx'), 'ForecastPage');

export function forecastRoutes({ app }: Shell) {
  const forecastRoute = createRoute({
    getParentRoute: () => app,
    path: '/forecast',
    validateSearch: validateForecastSearch,
    component: loadsFirst(() => {
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
    }, ForecastPage),
  });
  return [forecastRoute] as const;
}
