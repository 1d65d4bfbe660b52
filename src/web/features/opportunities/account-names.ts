import { useQueries } from '@tanstack/react-query';
import { accountQuery } from '../accounts/accounts.api.ts';

/**
 * The names of some accounts, read one by one through the cached account query (so an account page
 * opened next is already loaded). For the few hundred accounts of a pipeline at most.
 */
export function useAccountNames(ids: readonly string[]): (id: string) => string {
  const unique = [...new Set(ids)];
  const results = useQueries({ queries: unique.map((id) => ({ ...accountQuery(id), staleTime: 60_000 })) });
  const names = new Map<string, string>();
  unique.forEach((id, i) => {
    const r = results[i];
    if (r?.data) names.set(id, r.data.name);
    else if (r?.isError) names.set(id, 'Account not visible');
  });
  return (id) => names.get(id) ?? '…';
}
