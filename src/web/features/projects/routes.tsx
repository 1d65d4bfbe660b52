import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { loadsFirst } from '../../ui/lazy.ts';
import type { Shell } from '../feature.ts';
import { validateProjectListSearch } from './search.ts';

const ProjectPage = lazyRouteComponent(() => import('./ProjectPage.tsx'), 'ProjectPage');
const ProjectsPage = lazyRouteComponent(() => import('./ProjectsPage.tsx'), 'ProjectsPage');

const projectTabs = ['deliverables', 'requests', 'vendors', 'scope'] as const;
export type ProjectTab = (typeof projectTabs)[number];

export function projectRoutes({ app }: Shell) {
  const projectsRoute = createRoute({
    getParentRoute: () => app,
    path: '/projects',
    validateSearch: validateProjectListSearch,
    component: loadsFirst(() => {
      const search = projectsRoute.useSearch();
      const navigate = projectsRoute.useNavigate();
      return (
        <ProjectsPage
          search={search}
          onSearchChange={(patch) =>
            void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true })
          }
        />
      );
    }, ProjectsPage),
  });

  const projectRoute = createRoute({
    getParentRoute: () => app,
    path: '/projects/$projectId',
    validateSearch: (search: Record<string, unknown>): { tab?: ProjectTab } => ({
      tab:
        typeof search.tab === 'string' && (projectTabs as readonly string[]).includes(search.tab)
          ? (search.tab as ProjectTab)
          : undefined,
    }),
    component: loadsFirst(() => {
      const { projectId } = projectRoute.useParams();
      const { tab } = projectRoute.useSearch();
      const navigate = projectRoute.useNavigate();
      return (
        <ProjectPage
          key={projectId}
          projectId={projectId}
          tab={tab ?? 'deliverables'}
          onTabChange={(t) =>
            void navigate({ search: t === 'deliverables' ? {} : { tab: t as ProjectTab }, replace: true })
          }
        />
      );
    }, ProjectPage),
  });

  return [projectsRoute, projectRoute] as const;
}
