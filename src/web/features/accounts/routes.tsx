import { createRoute } from '@tanstack/react-router';
import type { Shell } from '../feature.ts';
import { AccountPage } from './AccountPage.tsx';
import { AccountsPage } from './AccountsPage.tsx';
import { accountPageSearchValidator, validateAccountListSearch } from './search.ts';

export function accountRoutes({ app, accountTabs }: Shell) {
  const defaultTab = accountTabs[0]?.key ?? '';

  const accountsRoute = createRoute({
    getParentRoute: () => app,
    path: '/accounts',
    validateSearch: validateAccountListSearch,
    component: function AccountsRoute() {
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
    },
  });

  const accountRoute = createRoute({
    getParentRoute: () => app,
    path: '/accounts/$accountId',
    validateSearch: accountPageSearchValidator(accountTabs.map((t) => t.key)),
    component: function AccountRoute() {
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
  });

  return [accountsRoute, accountRoute] as const;
}
