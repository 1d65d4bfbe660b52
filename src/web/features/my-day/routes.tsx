import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { loadsFirst } from '../../ui/lazy.ts';
import type { Shell } from '../feature.ts';

const MyDayPage = lazyRouteComponent(() => import('./MyDayPage.tsx'), 'MyDayPage');

export function myDayRoutes({ app }: Shell) {
  const myDayRoute = createRoute({
    getParentRoute: () => app,
    path: '/',
    validateSearch: (search: Record<string, unknown>): { date?: string } => ({
      date:
        typeof search.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(search.date) ? search.date : undefined,
    }),
    component: loadsFirst(() => {
      // The index route's search merges with the layout's ({}), which TypeScript sees as a union.
      const { date } = myDayRoute.useSearch() as { date?: string };
      const navigate = myDayRoute.useNavigate();
      return <MyDayPage date={date} onDateChange={(d) => void navigate({ search: d ? { date: d } : {} })} />;
    }, MyDayPage),
  });
  return [myDayRoute] as const;
}
