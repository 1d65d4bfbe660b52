import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type Body, fetchAll, unwrap } from '../../api.ts';
import { type Quota, revenueKeys } from '../contracts/index.ts';

export type QuotaKind = Quota['kind'];
export type QuotaBody = Body<'/api/v1/quotas', 'post'>;

/** The quotas of a kind whose period overlaps [from, to], of the people the user may see. */
export function quotasQuery(from: string, to: string, kind: QuotaKind) {
  return queryOptions({
    queryKey: [...revenueKeys.quotas, from, to, kind],
    queryFn: () =>
      fetchAll<Quota>((cursor) =>
        unwrap(api.GET('/api/v1/quotas', { params: { query: { from, to, kind, limit: 200, cursor } } })),
      ),
  });
}

/** Quotas change the forecast's quota and attainment. */
function useRefreshQuotas() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: revenueKeys.quotas }),
      queryClient.invalidateQueries({ queryKey: revenueKeys.forecast }),
    ]);
}

/** Sets a quota: changes the one given (with If-Match), or creates one. */
export function useSaveQuota() {
  const refresh = useRefreshQuotas();
  return useMutation({
    mutationFn: ({ quota, body }: { quota: Quota | null; body: QuotaBody }) =>
      quota
        ? unwrap(
            api.PATCH('/api/v1/quotas/{id}', {
              params: { path: { id: quota.id } },
              headers: { 'If-Match': `"${quota.version}"` },
              body: { amount: body.amount },
            }),
          )
        : unwrap(api.POST('/api/v1/quotas', { body })),
    onSettled: refresh,
  });
}

export function useDeleteQuota() {
  const refresh = useRefreshQuotas();
  return useMutation({
    mutationFn: (quota: Quota) =>
      unwrap(
        api.DELETE('/api/v1/quotas/{id}', {
          params: { path: { id: quota.id } },
          headers: { 'If-Match': `"${quota.version}"` },
        }),
      ),
    onSettled: refresh,
  });
}
