import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type Body, fetchAll, type Json, unwrap } from '../../api.ts';
import type { paths } from '../../api-types.ts';
import { useRefreshAccount } from '../accounts/index.ts';

export type Issue = Json<paths['/api/v1/issues/{id}']['get']['responses'][200]>;
export type IssueQuery = NonNullable<paths['/api/v1/issues']['get']['parameters']['query']>;
export type IssueUpdate = Json<paths['/api/v1/issues/{id}/updates']['get']['responses'][200]>['data'][number];
export type SlaSettings = Json<paths['/api/v1/settings/sla']['get']['responses'][200]>;
export type SlaBody = Body<'/api/v1/settings/sla', 'put'>;
export type IssueFilters = Omit<IssueQuery, 'limit' | 'cursor'>;

export type IssueBody = Body<'/api/v1/issues', 'post'>;
export type IssuePatch = Body<'/api/v1/issues/{id}', 'patch'>;
export type IssueUpdateBody = Body<'/api/v1/issues/{id}/updates', 'post'>;

export const issueKeys = {
  all: ['issues'] as const,
  list: (filters: IssueFilters) => ['issues', 'list', filters] as const,
  detail: (id: string) => ['issues', 'detail', id] as const,
  updates: (id: string) => ['issues', 'updates', id] as const,
  sla: ['settings', 'sla'] as const,
};

/** Every issue matching the filters (capped: a board of thousands is not readable anyway). */
export function issuesQuery(filters: IssueFilters, max = 1000) {
  return queryOptions({
    queryKey: [...issueKeys.list(filters), max],
    queryFn: () =>
      fetchAll<Issue>(
        (cursor) =>
          unwrap(api.GET('/api/v1/issues', { params: { query: { ...filters, limit: 200, cursor } } })),
        max,
      ),
  });
}

export function issueQuery(id: string) {
  return queryOptions({
    queryKey: issueKeys.detail(id),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/issues/{id}', { params: { path: { id } }, signal })),
  });
}

/** The thread of an issue, oldest first. */
export function issueUpdatesQuery(id: string) {
  return queryOptions({
    queryKey: issueKeys.updates(id),
    queryFn: () =>
      fetchAll<IssueUpdate>((cursor) =>
        unwrap(
          api.GET('/api/v1/issues/{id}/updates', { params: { path: { id }, query: { limit: 200, cursor } } }),
        ),
      ),
  });
}

export const slaSettingsQuery = queryOptions({
  queryKey: issueKeys.sla,
  queryFn: () => unwrap(api.GET('/api/v1/settings/sla')),
  staleTime: 60_000,
});

/**
 * After an issue write: the issue lists, and through the account's refresh its health (open issues
 * weigh on the score), timeline and the agenda (issues near their SLA).
 */
function useRefreshIssues() {
  const refresh = useRefreshAccount();
  return (accountId: string | undefined) => refresh(accountId, issueKeys.all);
}

export function useCreateIssue() {
  const refresh = useRefreshIssues();
  return useMutation({
    mutationFn: (body: IssueBody) => unwrap(api.POST('/api/v1/issues', { body })),
    onSettled: (_i, _e, body) => refresh(body.accountId),
  });
}

/** PATCH with If-Match: a change made meanwhile by someone else is refused (412), not overwritten. */
export function useUpdateIssue() {
  const refresh = useRefreshIssues();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ issue, body }: { issue: Issue; body: IssuePatch }) =>
      unwrap(
        api.PATCH('/api/v1/issues/{id}', {
          params: { path: { id: issue.id } },
          headers: { 'If-Match': `"${issue.version}"` },
          body,
        }),
      ),
    onSuccess: (i) => queryClient.setQueryData(issueKeys.detail(i.id), i),
    onSettled: (_i, _e, { issue }) => refresh(issue.accountId),
  });
}

export function usePostUpdate(issue: Pick<Issue, 'id' | 'accountId'>) {
  const refresh = useRefreshIssues();
  return useMutation({
    mutationFn: (body: IssueUpdateBody) =>
      unwrap(api.POST('/api/v1/issues/{id}/updates', { params: { path: { id: issue.id } }, body })),
    onSettled: () => refresh(issue.accountId),
  });
}

export function useSaveSla() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SlaBody) => unwrap(api.PUT('/api/v1/settings/sla', { body })),
    onSuccess: (s) => queryClient.setQueryData(issueKeys.sla, s),
    // New SLA hours move the due times of the issues.
    onSettled: () => queryClient.invalidateQueries({ queryKey: issueKeys.all }),
  });
}
