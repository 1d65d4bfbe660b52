import { createRoute } from '@tanstack/react-router';
import type { Shell } from '../feature.ts';
import { PipelinePage } from './PipelinePage.tsx';
import { validatePipelineSearch } from './search.ts';

export function pipelineRoutes({ app }: Shell) {
  const pipelineRoute = createRoute({
    getParentRoute: () => app,
    path: '/pipeline',
    validateSearch: validatePipelineSearch,
    component: function PipelineRoute() {
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
    },
  });
  return [pipelineRoute] as const;
}
