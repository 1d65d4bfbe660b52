import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { loadsFirst } from '../../ui/lazy.ts';
import type { Shell } from '../feature.ts';
import { validateTeamSearch } from './search.ts';

const TeamPage = lazyRouteComponent(() => import('./TeamPage.tsx'), 'TeamPage');

export function teamRoutes({ app }: Shell) {
  const teamRoute = createRoute({
    getParentRoute: () => app,
    path: '/team',
    validateSearch: validateTeamSearch,
    component: loadsFirst(() => {
      const search = teamRoute.useSearch();
      const navigate = teamRoute.useNavigate();
      return (
        <TeamPage
          search={search}
          onSearchChange={(patch) =>
            void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true })
          }
        />
      );
    }, TeamPage),
  });
  return [teamRoute] as const;
}
