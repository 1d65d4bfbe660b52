import { queryOptions, useMutation } from '@tanstack/react-query';
import { type Activity, api, type Body, fetchAll, type Meeting, unwrap } from '../../api.ts';
import { useRefreshAccount } from '../accounts/index.ts';
import { activityKeys } from '../activities/index.ts';
import { contactKeys } from '../contacts/index.ts';

/** A new meeting; the account comes from the hook, which schedules meetings on one account. */
export type MeetingBody = Omit<Body<'/api/v1/meetings', 'post'>, 'accountId'>;
export type MeetingPatch = Body<'/api/v1/meetings/{id}', 'patch'>;

export const meetingKeys = {
  all: ['meetings'] as const,
  ofAccount: (accountId: string) => ['meetings', 'account', accountId] as const,
  between: (from: string, to: string) => ['meetings', 'between', from, to] as const,
};

/** Every meeting of an account, soonest first. */
export function accountMeetingsQuery(accountId: string) {
  return queryOptions({
    queryKey: meetingKeys.ofAccount(accountId),
    queryFn: () =>
      fetchAll<Meeting>(
        (cursor) =>
          unwrap(api.GET('/api/v1/meetings', { params: { query: { accountId, limit: 200, cursor } } })),
        2000,
      ),
  });
}

/** Scheduled meetings in a time window (in the user's scope), for their times on My day. */
export function meetingsBetweenQuery(from: string, to: string) {
  return queryOptions({
    queryKey: meetingKeys.between(from, to),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/meetings', { params: { query: { from, to, status: 'scheduled', limit: 200 } } }),
      ).then((p) => p.data),
  });
}

function useRefreshMeetings(accountId: string) {
  const refresh = useRefreshAccount();
  return () =>
    refresh(accountId, meetingKeys.all, activityKeys.ofAccount(accountId), contactKeys.ofAccount(accountId));
}

export function useScheduleMeeting(accountId: string) {
  const refresh = useRefreshMeetings(accountId);
  return useMutation({
    mutationFn: (body: MeetingBody) => unwrap(api.POST('/api/v1/meetings', { body: { ...body, accountId } })),
    onSettled: refresh,
  });
}

export function useUpdateMeeting(accountId: string) {
  const refresh = useRefreshMeetings(accountId);
  return useMutation({
    mutationFn: ({ meeting, body }: { meeting: Meeting; body: MeetingPatch }) =>
      unwrap(
        api.PATCH('/api/v1/meetings/{id}', {
          params: { path: { id: meeting.id } },
          headers: { 'If-Match': `"${meeting.version}"` },
          body,
        }),
      ),
    onSettled: refresh,
  });
}

/** Completes a meeting; the server logs its activity, which moves the next check-in. */
export function useCompleteMeeting(accountId: string) {
  const refresh = useRefreshMeetings(accountId);
  return useMutation({
    mutationFn: ({
      meeting,
      notes,
      sentiment,
    }: {
      meeting: Meeting;
      notes: string | null;
      sentiment: Activity['sentiment'];
    }) =>
      unwrap(
        api.POST('/api/v1/meetings/{id}/complete', {
          params: { path: { id: meeting.id } },
          body: { notes, sentiment },
        }),
      ),
    onSettled: refresh,
  });
}

export function useDeleteMeeting(accountId: string) {
  const refresh = useRefreshMeetings(accountId);
  return useMutation({
    mutationFn: (meeting: Meeting) =>
      unwrap(
        api.DELETE('/api/v1/meetings/{id}', {
          params: { path: { id: meeting.id } },
          headers: { 'If-Match': `"${meeting.version}"` },
        }),
      ),
    onSettled: refresh,
  });
}
