import { createRoute } from '@tanstack/react-router';
import type { Shell } from '../feature.ts';
import { FeedbackThemesPage } from './FeedbackThemesPage.tsx';

export function feedbackRoutes({ app }: Shell) {
  const feedbackRoute = createRoute({
    getParentRoute: () => app,
    path: '/feedback',
    validateSearch: (search: Record<string, unknown>): { by?: 'title' } =>
      search.by === 'title' ? { by: 'title' } : {},
    component: function FeedbackRoute() {
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
    },
  });
  return [feedbackRoute] as const;
}
