import { infiniteQueryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api.ts';

/** An account's timeline, newest first; `kinds` empty means every kind. */
export function timelineQuery(accountId: string, kinds: string[]) {
  return infiniteQueryOptions({
    queryKey: ['timeline', accountId, kinds],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/accounts/{id}/timeline', {
          params: {
            path: { id: accountId },
            query: { limit: 30, cursor: pageParam, ...(kinds.length ? { kinds: kinds.join(',') } : {}) },
          },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
