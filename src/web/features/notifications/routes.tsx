import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { loadsFirst } from '../../ui/lazy.ts';
import type { Shell } from '../feature.ts';

const NotificationsPage = lazyRouteComponent(() => import('./NotificationsPage.tsx'), 'NotificationsPage');

export function notificationsRoutes({ app }: Shell) {
  const inboxRoute = createRoute({
    getParentRoute: () => app,
    path: '/notifications',
    validateSearch: (search: Record<string, unknown>): { unread?: true } =>
      search.unread === true || search.unread === 'true' ? { unread: true } : {},
    component: loadsFirst(() => {
      const { unread }: { unread?: true } = inboxRoute.useSearch();
      const navigate = inboxRoute.useNavigate();
      return (
        <NotificationsPage
          unread={unread === true}
          onUnreadChange={(u) => void navigate({ search: u ? { unread: true } : {}, replace: true })}
        />
      );
    }, NotificationsPage),
  });
  return [inboxRoute] as const;
}
