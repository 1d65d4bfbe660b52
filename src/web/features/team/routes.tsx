import { createRoute } from '@tanstack/react-router';
import type { Shell } from '../feature.ts';
import { validateTeamSearch } from './search.ts';
import { TeamPage } from './TeamPage.tsx';

export function teamRoutes({ app }: Shell) {
  const teamRoute = createRoute({
    getParentRoute: () => app,
    path: '/team',
    validateSearch: validateTeamSearch,
    component: function TeamRoute() {
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
    },
  });
  return [teamRoute] as const;
}
