import { useQueries } from '@tanstack/react-query';
import { accountQuery } from '../accounts/accounts.api.ts';

/**
 * Names of the accounts behind a list of records that carry only an account id. Each account is
 * fetched once and shared with the account pages through the query cache.
 */
export function useAccountNames(accountIds: readonly string[]): (id: string) => string {
  const ids = [...new Set(accountIds)];
  const results = useQueries({ queries: ids.map((id) => ({ ...accountQuery(id), staleTime: 60_000 })) });
  const names = new Map<string, string>();
  ids.forEach((id, i) => {
    const r = results[i];
    names.set(id, r?.data?.name ?? (r?.isError ? 'Account not visible' : '…'));
  });
  return (id) => names.get(id) ?? '…';
}
