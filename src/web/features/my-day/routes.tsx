import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { isoDay } from '../../ui/format.ts';
import { loadsFirst } from '../../ui/lazy.ts';
import type { Shell } from '../feature.ts';
import { agendaQuery } from './agenda.api.ts';

const MyDayPage = lazyRouteComponent(() => import('./MyDayPage.tsx'), 'MyDayPage');

export function myDayRoutes({ app }: Shell) {
  const myDayRoute = createRoute({
    getParentRoute: () => app,
    path: '/',
    validateSearch: (search: Record<string, unknown>): { date?: string } => ({
      date:
        typeof search.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(search.date) ? search.date : undefined,
    }),
    // The agenda starts loading with the page's code, not once the page has rendered; the page
    // shows its own loader until it answers, so it is not awaited.
    loaderDeps: ({ search }) => ({ date: (search as { date?: string }).date }),
    loader: ({ context: { queryClient }, deps }) => {
      void queryClient.prefetchQuery(agendaQuery(deps.date ?? isoDay()));
    },
    component: loadsFirst(() => {
      // The index route's search merges with the layout's ({}), which TypeScript sees as a union.
      const { date } = myDayRoute.useSearch() as { date?: string };
      const navigate = myDayRoute.useNavigate();
      return <MyDayPage date={date} onDateChange={(d) => void navigate({ search: d ? { date: d } : {} })} />;
    }, MyDayPage),
  });
  return [myDayRoute] as const;
}
