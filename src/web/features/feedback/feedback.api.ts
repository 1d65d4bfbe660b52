import { infiniteQueryOptions, queryOptions, useMutation } from '@tanstack/react-query';
import { api, type Body, fetchAll, type Json, unwrap } from '../../api.ts';
import type { paths } from '../../api-types.ts';
import { useRefreshAccount } from '../accounts/index.ts';

export type Feedback = Json<paths['/api/v1/feedback']['get']['responses'][200]>['data'][number];
export type FeedbackQuery = NonNullable<paths['/api/v1/feedback']['get']['parameters']['query']>;
export type FeedbackTheme = Json<paths['/api/v1/reports/feedback-themes']['get']['responses'][200]>[number];
export type ThemeGrouping = 'productArea' | 'title';

export type FeedbackBody = Body<'/api/v1/feedback', 'post'>;
export type FeedbackPatch = Body<'/api/v1/feedback/{id}', 'patch'>;

/** The list filter that gives exactly the items of a theme, as the server groups them. */
export function themeFilter(groupBy: ThemeGrouping, key: string | null): FeedbackQuery {
  if (groupBy === 'productArea') return key === null ? { hasProductArea: 'false' } : { productArea: key };
  // Every item has a title, so a title theme always has a key.
  return { title: key ?? '' };
}

export const feedbackKeys = {
  all: ['feedback'] as const,
  list: (filters: Omit<FeedbackQuery, 'limit' | 'cursor'>) => ['feedback', 'list', filters] as const,
  themes: (groupBy: ThemeGrouping) => ['feedback', 'themes', groupBy] as const,
  theme: (groupBy: ThemeGrouping, key: string | null) => ['feedback', 'theme', groupBy, key] as const,
};

/** Every feedback item matching the filters, newest first. */
export function feedbackListQuery(filters: Omit<FeedbackQuery, 'limit' | 'cursor'>) {
  return queryOptions({
    queryKey: feedbackKeys.list(filters),
    queryFn: () =>
      fetchAll<Feedback>(
        (cursor) =>
          unwrap(api.GET('/api/v1/feedback', { params: { query: { ...filters, limit: 200, cursor } } })),
        2000,
      ),
  });
}

/** The items of one theme, newest first, a page at a time. */
export function themeItemsQuery(groupBy: ThemeGrouping, key: string | null) {
  return infiniteQueryOptions({
    queryKey: feedbackKeys.theme(groupBy, key),
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/feedback', {
          params: { query: { ...themeFilter(groupBy, key), limit: 50, cursor: pageParam } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function feedbackThemesQuery(groupBy: ThemeGrouping) {
  return queryOptions({
    queryKey: feedbackKeys.themes(groupBy),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/reports/feedback-themes', { params: { query: { groupBy } }, signal })),
  });
}

export function useLogFeedback() {
  const refresh = useRefreshAccount();
  return useMutation({
    mutationFn: (body: FeedbackBody) => unwrap(api.POST('/api/v1/feedback', { body })),
    onSettled: (_f, _e, body) => refresh(body.accountId, feedbackKeys.all),
  });
}

export function useUpdateFeedback() {
  const refresh = useRefreshAccount();
  return useMutation({
    mutationFn: ({ item, body }: { item: Feedback; body: FeedbackPatch }) =>
      unwrap(
        api.PATCH('/api/v1/feedback/{id}', {
          params: { path: { id: item.id } },
          headers: { 'If-Match': `"${item.version}"` },
          body,
        }),
      ),
    onSettled: (_f, _e, { item }) => refresh(item.accountId, feedbackKeys.all),
  });
}
