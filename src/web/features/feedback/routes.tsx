import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { loadsFirst } from '../../ui/lazy.ts';
import type { Shell } from '../feature.ts';

const FeedbackThemesPage = lazyRouteComponent(() => import('./FeedbackThemesPage.tsx'), 'FeedbackThemesPage');

export function feedbackRoutes({ app }: Shell) {
  const feedbackRoute = createRoute({
    getParentRoute: () => app,
    path: '/feedback',
    validateSearch: (search: Record<string, unknown>): { by?: 'title' } =>
      search.by === 'title' ? { by: 'title' } : {},
    component: loadsFirst(() => {
      // All of its search is optional, which TypeScript sees as a union with the layout's ({}).
      const { by }: { by?: 'title' } = feedbackRoute.useSearch();
      const navigate = feedbackRoute.useNavigate();
      return (
        <FeedbackThemesPage
          groupBy={by ?? 'productArea'}
          onGroupByChange={(g) =>
            void navigate({ search: g === 'title' ? { by: 'title' } : {}, replace: true })
          }
        />
      );
    }, FeedbackThemesPage),
  });
  return [feedbackRoute] as const;
}
