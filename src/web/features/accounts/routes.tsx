import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { loadsFirst } from '../../ui/lazy.ts';
import type { Shell } from '../feature.ts';
import { teamsQuery, userDirectoryQuery } from '../users/index.ts';
import { accountsListQuery } from './accounts.api.ts';
import { accountPageSearchValidator, toFilters, validateAccountListSearch } from './search.ts';

const AccountPage = lazyRouteComponent(() => import('./AccountPage.tsx'), 'AccountPage');
const AccountsPage = lazyRouteComponent(() => import('./AccountsPage.tsx'), 'AccountsPage');

export function accountRoutes({ app, accountTabs }: Shell) {
  const defaultTab = accountTabs[0]?.key ?? '';

  const accountsRoute = createRoute({
    getParentRoute: () => app,
    path: '/accounts',
    validateSearch: validateAccountListSearch,
    // The page's queries start as the route loads, beside its code, not once it has rendered; the
    // page shows its own loaders until they answer, so nothing here is awaited.
    loaderDeps: ({ search }) => toFilters(search),
    loader: ({ context: { queryClient }, deps }) => {
      void queryClient.prefetchInfiniteQuery(accountsListQuery(deps));
      void queryClient.prefetchQuery(userDirectoryQuery);
      void queryClient.prefetchQuery(teamsQuery);
    },
    component: loadsFirst(() => {
      const search = accountsRoute.useSearch();
      const navigate = accountsRoute.useNavigate();
      return (
        <AccountsPage
          search={search}
          onSearchChange={(patch) =>
            // Typing and picking filters should not fill the back button's history.
            void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true })
          }
        />
      );
    }, AccountsPage),
  });

  const accountRoute = createRoute({
    getParentRoute: () => app,
    path: '/accounts/$accountId',
    validateSearch: accountPageSearchValidator(accountTabs.map((t) => t.key)),
    component: loadsFirst(
      () => {
        const { accountId } = accountRoute.useParams();
        const { tab } = accountRoute.useSearch();
        const navigate = accountRoute.useNavigate();
        return (
          <AccountPage
            // A different account starts with fresh state (forms, dialogs).
            key={accountId}
            tabs={accountTabs}
            accountId={accountId}
            tab={tab ?? defaultTab}
            onTabChange={(t) => void navigate({ search: t === defaultTab ? {} : { tab: t } })}
          />
        );
      },
      AccountPage,
      // and the default tab's, so an account opens whole; other tabs load when opened.
      ...accountTabs.slice(0, 1).map((t) => t.component),
    ),
  });

  return [accountsRoute, accountRoute] as const;
}
