import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, type Body, type Json, unwrap } from '../../api.ts';
import type { paths } from '../../api-types.ts';

export type NotificationsPage = Json<paths['/api/v1/me/notifications']['get']['responses'][200]>;
export type Notification = NotificationsPage['data'][number];
export type NotificationSettings = Json<paths['/api/v1/me/notification-settings']['get']['responses'][200]>;
export type NotificationKind = Notification['kind'];

export const kindLabels: Record<NotificationKind, string> = {
  task_assigned: 'A task assigned to me',
  issue_assigned: 'An issue assigned to me',
  health_band_changed: 'My account changes health band',
  issue_breached: 'An issue on my account breaches its SLA',
  renewal_opened: 'A renewal opened on my account',
  mention: 'Someone mentions me',
  playbook: 'A playbook tells me',
  webhook_disabled: 'A webhook is disabled',
  playbook_deactivated: 'A playbook is deactivated',
  deliverable_assigned: 'A deliverable assigned to me',
  client_request_assigned: 'A client request assigned to me',
};

const root = ['notifications'] as const;

/** The newest few and the unread count: what the bell shows. */
export const bellQuery = queryOptions({
  queryKey: [...root, 'bell'],
  queryFn: () => unwrap(api.GET('/api/v1/me/notifications', { params: { query: { limit: 10 } } })),
});

export const inboxQuery = (unread: boolean) =>
  infiniteQueryOptions({
    queryKey: [...root, 'inbox', { unread }],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/me/notifications', {
          params: { query: { limit: 50, cursor: pageParam, ...(unread ? { unread: 'true' as const } : {}) } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const settingsQuery = queryOptions({
  queryKey: ['notification-settings'],
  queryFn: () => unwrap(api.GET('/api/v1/me/notification-settings')),
});

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<'/api/v1/me/notifications/read', 'post'>) =>
      unwrap(api.POST('/api/v1/me/notifications/read', { body })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: root }),
  });
}

export function useSaveSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<'/api/v1/me/notification-settings', 'put'>) =>
      unwrap(api.PUT('/api/v1/me/notification-settings', { body })),
    onSuccess: (saved) => queryClient.setQueryData(settingsQuery.queryKey, saved),
  });
}

/**
 * Keeps the bell and the inbox current: the server pushes each new notification on an event
 * stream; on each one (and when the stream reconnects) the lists are read again.
 */
export function useNotificationStream(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/me/notifications/stream', { withCredentials: true });
    const refresh = () => void queryClient.invalidateQueries({ queryKey: root });
    source.addEventListener('notification', refresh);
    source.addEventListener('open', refresh);
    return () => source.close();
  }, [queryClient]);
}
