import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type Body, type Json, unwrap } from '../../api.ts';
import type { paths } from '../../api-types.ts';

export const mailStatusQuery = queryOptions({
  queryKey: ['admin', 'mail'],
  queryFn: () => unwrap(api.GET('/api/v1/admin/mail')),
});

/** The newest outgoing messages (one page). */
export const mailMessagesQuery = queryOptions({
  queryKey: ['admin', 'mail', 'messages'],
  queryFn: () => unwrap(api.GET('/api/v1/admin/mail/messages', { params: { query: { limit: 25 } } })),
});

export type MailMessage = Json<paths['/api/v1/admin/mail/messages']['get']['responses'][200]>['data'][number];

export function useSendTestMail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<'/api/v1/admin/mail/test', 'post'>) =>
      unwrap(api.POST('/api/v1/admin/mail/test', { body })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: mailStatusQuery.queryKey }),
  });
}
