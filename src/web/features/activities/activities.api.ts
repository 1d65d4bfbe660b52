import { infiniteQueryOptions, useMutation } from '@tanstack/react-query';
import { type Activity, api, type Body, unwrap } from '../../api.ts';
import { useRefreshAccount } from '../accounts/index.ts';
import { contactKeys } from '../contacts/index.ts';

/** A new activity; the account comes from the hook, which logs activities on one account. */
export type ActivityBody = Omit<Body<'/api/v1/activities', 'post'>, 'accountId'>;
export type ActivityPatch = Body<'/api/v1/activities/{id}', 'patch'>;

export const activityKeys = { ofAccount: (accountId: string) => ['activities', accountId] as const };

/** An account's activities, newest first, a page at a time. */
export function activitiesQuery(accountId: string) {
  return infiniteQueryOptions({
    queryKey: activityKeys.ofAccount(accountId),
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/activities', {
          params: { query: { accountId, limit: 25, cursor: pageParam } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Logging a touch moves the account's last touch and next check-in, and the contacts' last contact. */
export function useLogActivity(accountId: string) {
  const refresh = useRefreshAccount();
  return useMutation({
    mutationFn: (body: ActivityBody) =>
      unwrap(api.POST('/api/v1/activities', { body: { ...body, accountId } })),
    onSettled: () => refresh(accountId, activityKeys.ofAccount(accountId), contactKeys.ofAccount(accountId)),
  });
}

/**
 * PATCH with If-Match: a change made meanwhile is refused (412), not overwritten. A new time or type
 * can move the account's last touch and next check-in, a new list of contacts their last contact.
 */
export function useUpdateActivity(accountId: string) {
  const refresh = useRefreshAccount();
  return useMutation({
    mutationFn: ({ activity, body }: { activity: Activity; body: ActivityPatch }) =>
      unwrap(
        api.PATCH('/api/v1/activities/{id}', {
          params: { path: { id: activity.id } },
          headers: { 'If-Match': `"${activity.version}"` },
          body,
        }),
      ),
    onSettled: () => refresh(accountId, activityKeys.ofAccount(accountId), contactKeys.ofAccount(accountId)),
  });
}

export function useDeleteActivity(accountId: string) {
  const refresh = useRefreshAccount();
  return useMutation({
    mutationFn: (activity: Activity) =>
      unwrap(
        api.DELETE('/api/v1/activities/{id}', {
          params: { path: { id: activity.id } },
          headers: { 'If-Match': `"${activity.version}"` },
        }),
      ),
    onSettled: () => refresh(accountId, activityKeys.ofAccount(accountId), contactKeys.ofAccount(accountId)),
  });
}
