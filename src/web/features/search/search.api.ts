import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api.ts';

/** Accounts and contacts matching what the user typed (typo-tolerant, up to 20). */
export function searchQuery(q: string) {
  return queryOptions({
    queryKey: ['search', q],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/search', { params: { query: { q } }, signal })).then((r) => r.data),
    enabled: q.length > 0,
    staleTime: 30_000,
  });
}
