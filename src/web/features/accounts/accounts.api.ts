import {
  infiniteQueryOptions,
  keepPreviousData,
  queryOptions,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import { type Account, type AccountQuery, api, type Body, unwrap } from '../../api.ts';

export type AccountFilters = Omit<AccountQuery, 'limit' | 'cursor'>;
export type AccountCreateBody = Body<'/api/v1/accounts', 'post'>;
export type AccountPatchBody = Body<'/api/v1/accounts/{id}', 'patch'>;

const PAGE = 100;

export const accountKeys = {
  all: ['accounts'] as const,
  list: (filters: AccountFilters) => ['accounts', 'list', filters] as const,
  detail: (id: string) => ['accounts', 'detail', id] as const,
  lookup: (q: string) => ['accounts', 'lookup', q] as const,
};

/** The accounts table: cursor pages of 100, fetched as the reader scrolls. */
export function accountsListQuery(filters: AccountFilters) {
  return infiniteQueryOptions({
    queryKey: accountKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/accounts', {
          params: { query: { ...filters, limit: PAGE, cursor: pageParam } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function accountQuery(id: string) {
  return queryOptions({
    queryKey: accountKeys.detail(id),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/accounts/{id}', { params: { path: { id } }, signal })),
  });
}

/** Up to 20 accounts matching a name or domain, for pickers. */
export function accountLookupQuery(q: string) {
  return queryOptions({
    queryKey: accountKeys.lookup(q),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/v1/accounts', {
          params: { query: { limit: 20, ...(q ? { q } : {}) } },
          signal,
        }),
      ).then((p) => p.data),
    staleTime: 30_000,
  });
}

/**
 * After any write on an account or its records: the account (its derived next check-in, last
 * touch and health score), its health, its timeline and the agenda all may have changed.
 */
export function useRefreshAccount() {
  const queryClient = useQueryClient();
  return (accountId: string | null | undefined, ...more: (readonly unknown[])[]) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: accountKeys.all }),
      queryClient.invalidateQueries({ queryKey: ['timeline', ...(accountId ? [accountId] : [])] }),
      queryClient.invalidateQueries({ queryKey: ['agenda'] }),
      queryClient.invalidateQueries({ queryKey: ['health'] }),
      ...more.map((queryKey) => queryClient.invalidateQueries({ queryKey })),
    ]);
}

export function useCreateAccount() {
  const refresh = useRefreshAccount();
  return useMutation({
    mutationFn: (body: AccountCreateBody) => unwrap(api.POST('/api/v1/accounts', { body })),
    onSuccess: (a) => refresh(a.id),
  });
}

/** PATCH with If-Match: a change made meanwhile by someone else is refused (412), not overwritten. */
export function useUpdateAccount() {
  const refresh = useRefreshAccount();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ account, body }: { account: Account; body: AccountPatchBody }) =>
      unwrap(
        api.PATCH('/api/v1/accounts/{id}', {
          params: { path: { id: account.id } },
          headers: { 'If-Match': `"${account.version}"` },
          body,
        }),
      ),
    onSuccess: (a) => queryClient.setQueryData(accountKeys.detail(a.id), a),
    onSettled: (_a, _e, { account }) => refresh(account.id),
  });
}

/** Archives (DELETE) or restores an account. */
export function useSetArchived() {
  const refresh = useRefreshAccount();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ account, archived }: { account: Account; archived: boolean }) => {
      const params = { path: { id: account.id } };
      const headers = { 'If-Match': `"${account.version}"` };
      return unwrap(
        archived
          ? api.DELETE('/api/v1/accounts/{id}', { params, headers })
          : api.POST('/api/v1/accounts/{id}/restore', { params, headers }),
      );
    },
    onSuccess: (a) => queryClient.setQueryData(accountKeys.detail(a.id), a),
    onSettled: (_a, _e, { account }) => refresh(account.id),
  });
}
