import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { loadsFirst } from '../../ui/lazy.ts';
import type { Shell } from '../feature.ts';
import { validateIssueBoardSearch } from './search.ts';

const IssuePage = lazyRouteComponent(() => import('./IssuePage.tsx'), 'IssuePage');
const IssuesPage = lazyRouteComponent(() => import('./IssuesPage.tsx'), 'IssuesPage');

export function issueRoutes({ app }: Shell) {
  const issuesRoute = createRoute({
    getParentRoute: () => app,
    path: '/issues',
    validateSearch: validateIssueBoardSearch,
    component: loadsFirst(() => {
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
    }, IssuesPage),
  });

  const issueRoute = createRoute({
    getParentRoute: () => app,
    path: '/issues/$issueId',
    component: loadsFirst(() => {
      const { issueId } = issueRoute.useParams();
      return <IssuePage key={issueId} issueId={issueId} />;
    }, IssuePage),
  });

  return [issuesRoute, issueRoute] as const;
}
