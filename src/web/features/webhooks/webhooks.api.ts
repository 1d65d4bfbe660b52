import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type Body, fetchAll, type Json, unwrap } from '../../api.ts';
import type { paths } from '../../api-types.ts';

export type Webhook = Json<paths['/api/v1/webhooks']['get']['responses'][200]>['data'][number];
export type WebhookWithSecret = Json<paths['/api/v1/webhooks']['post']['responses'][201]>;
export type WebhookDelivery = Json<
  paths['/api/v1/webhooks/{id}/deliveries']['get']['responses'][200]
>['data'][number];
export type WebhookCreateBody = Body<'/api/v1/webhooks', 'post'>;
export type WebhookPatchBody = Body<'/api/v1/webhooks/{id}', 'patch'>;

export const webhooksQuery = queryOptions({
  queryKey: ['webhooks'],
  queryFn: () =>
    fetchAll<Webhook>((cursor) =>
      unwrap(api.GET('/api/v1/webhooks', { params: { query: { limit: 200, cursor } } })),
    ),
});

/** An endpoint's deliveries, newest first, a page at a time. */
export function deliveriesQuery(webhookId: string) {
  return infiniteQueryOptions({
    queryKey: ['webhooks', webhookId, 'deliveries'],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/webhooks/{id}/deliveries', {
          params: { path: { id: webhookId }, query: { limit: 25, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

function useRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['webhooks'] });
}

export function useCreateWebhook() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: WebhookCreateBody) => unwrap(api.POST('/api/v1/webhooks', { body })),
    onSuccess: refresh,
  });
}

export function useUpdateWebhook() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ webhook, body }: { webhook: Webhook; body: WebhookPatchBody }) =>
      unwrap(
        api.PATCH('/api/v1/webhooks/{id}', {
          params: { path: { id: webhook.id }, header: { 'if-match': `"${webhook.version}"` } },
          body,
        }),
      ),
    onSettled: refresh,
  });
}

export function useDeleteWebhook() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (webhook: Webhook) =>
      unwrap(
        api.DELETE('/api/v1/webhooks/{id}', {
          params: { path: { id: webhook.id }, header: { 'if-match': `"${webhook.version}"` } },
        }),
      ),
    onSettled: refresh,
  });
}

export function useRotateSecret() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (webhook: Webhook) =>
      unwrap(
        api.POST('/api/v1/webhooks/{id}/rotate-secret', {
          params: { path: { id: webhook.id }, header: { 'if-match': `"${webhook.version}"` } },
        }),
      ),
    onSettled: refresh,
  });
}

export function useSendTestEvent() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (webhook: Webhook) =>
      unwrap(api.POST('/api/v1/webhooks/{id}/test', { params: { path: { id: webhook.id } } })),
    onSettled: refresh,
  });
}

export function useRetryDelivery() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ webhookId, deliveryId }: { webhookId: string; deliveryId: string }) =>
      unwrap(
        api.POST('/api/v1/webhooks/{id}/deliveries/{deliveryId}/retry', {
          params: { path: { id: webhookId, deliveryId } },
        }),
      ),
    onSettled: refresh,
  });
}
