import { createRoute } from '@tanstack/react-router';
import type { Shell } from '../feature.ts';
import { IssuePage } from './IssuePage.tsx';
import { IssuesPage } from './IssuesPage.tsx';
import { validateIssueBoardSearch } from './search.ts';

export function issueRoutes({ app }: Shell) {
  const issuesRoute = createRoute({
    getParentRoute: () => app,
    path: '/issues',
    validateSearch: validateIssueBoardSearch,
    component: function IssuesRoute() {
      const search = issuesRoute.useSearch();
      const navigate = issuesRoute.useNavigate();
      return (
        <IssuesPage
          search={search}
          onSearchChange={(patch) =>
            void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true })
          }
        />
      );
    },
  });

  const issueRoute = createRoute({
    getParentRoute: () => app,
    path: '/issues/$issueId',
    component: function IssueRoute() {
      const { issueId } = issueRoute.useParams();
      return <IssuePage key={issueId} issueId={issueId} />;
    },
  });

  return [issuesRoute, issueRoute] as const;
}
