import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { loadsFirst } from '../../ui/lazy.ts';
import type { Shell } from '../feature.ts';
import { validatePipelineSearch } from './search.ts';

const PipelinePage = lazyRouteComponent(() => import('./PipelinePage.tsx'), 'PipelinePage');

export function pipelineRoutes({ app }: Shell) {
  const pipelineRoute = createRoute({
    getParentRoute: () => app,
    path: '/pipeline',
    validateSearch: validatePipelineSearch,
    component: loadsFirst(() => {
      const search = pipelineRoute.useSearch();
      const navigate = pipelineRoute.useNavigate();
      return (
        <PipelinePage
          search={search}
          onSearchChange={(patch) =>
            void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true })
          }
        />
      );
    }, PipelinePage),
  });
  return [pipelineRoute] as const;
}
