import { Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { lazyRouteComponent } from '@tanstack/react-router';
import { Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { ExportCsvButton } from '../../ui/ExportCsvButton.tsx';
import { AddButton, QueryContent } from '../../ui/lists.tsx';
import { EmptyState, ErrorState, PageLoader } from '../../ui/states.tsx';
import { canWorkAccounts, useMe } from '../session/index.ts';
import { userDirectoryQuery } from '../users/index.ts';
import { AccountFilters } from './AccountFilters.tsx';
import { AccountsTable } from './AccountsTable.tsx';
import { accountsListQuery } from './accounts.api.ts';
import { type AccountListSearch, toFilters } from './search.ts';

/** Its code (the form's, with its pickers) loads when New account is first clicked, not with the page. */
const AccountFormDrawer = lazyRouteComponent(() => import('./AccountFormDrawer.tsx'), 'AccountFormDrawer');

/** Below this width the table becomes a list of cards. */
const TABLE_MIN_WIDTH = 860;

export function AccountsPage({
  search,
  onSearchChange,
}: {
  search: AccountListSearch;
  onSearchChange: (patch: Partial<AccountListSearch>) => void;
}) {
  const me = useMe();
  const filters = toFilters(search);
  const list = useInfiniteQuery(accountsListQuery(filters));
  const users = useQuery(userDirectoryQuery);
  const [creating, setCreating] = useState(false);
  /** Whether New account was clicked: the drawer is rendered from then on. */
  const [drawer, setDrawer] = useState(false);
  const { ref, width } = useElementSize();

  const compact = width > 0 && width < TABLE_MIN_WIDTH;
  const names = new Map((users.data ?? []).map((u) => [u.id, u.name]));
  const ownerName = (id: string) => names.get(id) ?? (users.isPending ? '…' : 'Unknown user');
  const accounts = list.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = Object.keys(filters).length > 1;
  const { fetchNextPage } = list;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);

  // A new sort or filter starts at the top of the list, not deep inside the previous one.
  const filterKey = JSON.stringify(filters);
  const previousKey = useRef(filterKey);
  useEffect(() => {
    if (previousKey.current === filterKey) return;
    previousKey.current = filterKey;
    if (window.scrollY > 0) window.scrollTo({ top: 0 });
  }, [filterKey]);

  return (
    <Stack gap="md" ref={ref}>
      <Group justify="space-between" align="center">
        <Title order={1} size="h2">
          Accounts
        </Title>
        <Group gap="sm">
          <ExportCsvButton entity="accounts" filters={filters} />
          {canWorkAccounts(me) && (
            <AddButton
              onClick={() => {
                setDrawer(true);
                setCreating(true);
              }}
            >
              New account
            </AddButton>
          )}
        </Group>
      </Group>
      <AccountFilters search={search} onChange={onSearchChange} />
      <Group gap="xs" mih={20}>
        {list.isSuccess && (
          <Text size="sm" c="dimmed" aria-live="polite">
            {accounts.length === 0
              ? null
              : list.hasNextPage
                ? `${accounts.length.toLocaleString()}+ accounts; more load as you scroll`
                : `${accounts.length.toLocaleString()} account${accounts.length === 1 ? '' : 's'}`}
          </Text>
        )}
        {(list.isFetching || users.isPending) && !list.isPending && <Loader size="xs" aria-label="Loading" />}
      </Group>

      <QueryContent
        query={list}
        what="accounts"
        empty={
          accounts.length === 0 && (
            <EmptyState
              title={
                search.archived ? 'No archived accounts' : filtered ? 'No accounts match' : 'No accounts yet'
              }
            >
              {filtered
                ? 'Try another search or clear some filters.'
                : canWorkAccounts(me)
                  ? 'Create the first one with New account.'
                  : 'Accounts you can see will be listed here.'}
            </EmptyState>
          )
        }
      >
        <AccountsTable
          key={compact ? 'cards' : 'table'}
          accounts={accounts}
          ownerName={ownerName}
          sort={filters.sort ?? 'name'}
          onSort={(sort) => onSearchChange({ sort: sort === 'name' ? undefined : sort })}
          hasMore={list.hasNextPage}
          loadingMore={list.isFetchingNextPage}
          onLoadMore={loadMore}
          compact={compact}
        />
        {list.isFetchNextPageError && (
          <ErrorState
            error={list.error}
            title="Could not load more accounts"
            onRetry={() => void list.fetchNextPage()}
          />
        )}
        {list.isFetchingNextPage && <PageLoader label="Loading more accounts…" />}
      </QueryContent>
      {canWorkAccounts(me) && drawer && (
        <Suspense fallback={null}>
          <AccountFormDrawer opened={creating} account={null} onClose={() => setCreating(false)} />
        </Suspense>
      )}
    </Stack>
  );
}
