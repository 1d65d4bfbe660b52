import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { type ApiKey, api, type Body, fetchAll, unwrap } from '../../api.ts';

/** Live keys: the caller's own, or everyone's for an admin. */
export const apiKeysQuery = queryOptions({
  queryKey: ['api-keys'],
  queryFn: () =>
    fetchAll<ApiKey>((cursor) =>
      unwrap(api.GET('/api/v1/api-keys', { params: { query: { limit: 200, cursor } } })),
    ),
});

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<'/api/v1/api-keys', 'post'>) => unwrap(api.POST('/api/v1/api-keys', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeysQuery.queryKey }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (key: ApiKey) =>
      unwrap(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id: key.id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: apiKeysQuery.queryKey }),
  });
}
