import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { loadsFirst } from '../../ui/lazy.ts';
import type { Shell } from '../feature.ts';
import { type RenewalWindow, renewalWindows } from './windows.ts';

const RenewalsPage = lazyRouteComponent(() => import('./RenewalsPage.tsx'), 'RenewalsPage');

export function renewalRoutes({ app }: Shell) {
  const renewalsRoute = createRoute({
    getParentRoute: () => app,
    path: '/renewals',
    validateSearch: (search: Record<string, unknown>): { window?: RenewalWindow } => {
      const w = Number(search.window);
      return renewalWindows.includes(w as RenewalWindow) && w !== 90 ? { window: w as RenewalWindow } : {};
    },
    component: loadsFirst(() => {
      // All of its search is optional, which TypeScript sees as a union with the layout's ({}).
      const { window } = renewalsRoute.useSearch() as { window?: RenewalWindow };
      const navigate = renewalsRoute.useNavigate();
      return (
        <RenewalsPage
          window={window ?? 90}
          onWindowChange={(w) => void navigate({ search: w === 90 ? {} : { window: w }, replace: true })}
        />
      );
    }, RenewalsPage),
  });
  return [renewalsRoute] as const;
}
