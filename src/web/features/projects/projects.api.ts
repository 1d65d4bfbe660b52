import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type Body, fetchAll, type Json, unwrap } from '../../api.ts';
import type { paths } from '../../api-types.ts';
import { useRefreshAccount } from '../accounts/index.ts';

export type Project = Json<paths['/api/v1/projects/{id}']['get']['responses'][200]>;
export type Deliverable = Json<paths['/api/v1/deliverables/{id}']['get']['responses'][200]>;
export type Review = Json<
  paths['/api/v1/deliverables/{id}/reviews']['get']['responses'][200]
>['data'][number];
export type ReviewCreated = Json<paths['/api/v1/deliverables/{id}/reviews']['post']['responses'][201]>;
export type ClientRequest = Json<paths['/api/v1/client-requests/{id}']['get']['responses'][200]>;
export type Engagement = Json<paths['/api/v1/vendor-engagements/{id}']['get']['responses'][200]>;
export type Vendor = Json<paths['/api/v1/vendors/{id}']['get']['responses'][200]>;

export type ProjectBody = Body<'/api/v1/projects', 'post'>;
export type ProjectPatch = Body<'/api/v1/projects/{id}', 'patch'>;
export type DeliverableBody = Body<'/api/v1/deliverables', 'post'>;
export type DeliverablePatch = Body<'/api/v1/deliverables/{id}', 'patch'>;
export type ReviewBody = Body<'/api/v1/deliverables/{id}/reviews', 'post'>;
export type ClientRequestBody = Body<'/api/v1/client-requests', 'post'>;
export type ClientRequestPatch = Body<'/api/v1/client-requests/{id}', 'patch'>;
export type EngagementBody = Body<'/api/v1/vendor-engagements', 'post'>;
export type EngagementPatch = Body<'/api/v1/vendor-engagements/{id}', 'patch'>;
export type ProjectFilters = Omit<
  NonNullable<paths['/api/v1/projects']['get']['parameters']['query']>,
  'limit' | 'cursor'
>;

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

export const projectKeys = {
  all: ['projects'] as const,
  list: (filters: ProjectFilters) => ['projects', 'list', filters] as const,
  ofAccount: (accountId: string) => ['projects', 'account', accountId] as const,
  detail: (id: string) => ['projects', 'detail', id] as const,
  deliverables: ['deliverables'] as const,
  deliverablesOf: (projectId: string) => ['deliverables', 'project', projectId] as const,
  reviews: (deliverableId: string) => ['deliverables', 'reviews', deliverableId] as const,
  requests: ['client-requests'] as const,
  requestsOf: (projectId: string) => ['client-requests', 'project', projectId] as const,
  engagements: ['vendor-engagements'] as const,
  engagementsOf: (projectId: string) => ['vendor-engagements', 'project', projectId] as const,
  vendors: ['vendors'] as const,
};

/** The projects list, a page at a time. */
export function projectsListQuery(filters: ProjectFilters) {
  return infiniteQueryOptions({
    queryKey: projectKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/projects', {
          params: { query: { ...filters, limit: 50, cursor: pageParam } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function accountProjectsQuery(accountId: string) {
  return queryOptions({
    queryKey: projectKeys.ofAccount(accountId),
    queryFn: () =>
      fetchAll<Project>(
        (cursor) =>
          unwrap(
            api.GET('/api/v1/projects', {
              params: { query: { accountId, sort: '-startDate', limit: 200, cursor } },
            }),
          ),
        1000,
      ),
  });
}

export function projectQuery(id: string) {
  return queryOptions({
    queryKey: projectKeys.detail(id),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/projects/{id}', { params: { path: { id } }, signal })),
  });
}

export function deliverablesQuery(projectId: string) {
  return queryOptions({
    queryKey: projectKeys.deliverablesOf(projectId),
    queryFn: () =>
      fetchAll<Deliverable>(
        (cursor) =>
          unwrap(api.GET('/api/v1/deliverables', { params: { query: { projectId, limit: 200, cursor } } })),
        2000,
      ),
  });
}

export function reviewsQuery(deliverableId: string) {
  return queryOptions({
    queryKey: projectKeys.reviews(deliverableId),
    queryFn: () =>
      fetchAll<Review>((cursor) =>
        unwrap(
          api.GET('/api/v1/deliverables/{id}/reviews', {
            params: { path: { id: deliverableId }, query: { limit: 200, cursor } },
          }),
        ),
      ),
  });
}

export function clientRequestsQuery(projectId: string) {
  return queryOptions({
    queryKey: projectKeys.requestsOf(projectId),
    queryFn: () =>
      fetchAll<ClientRequest>(
        (cursor) =>
          unwrap(
            api.GET('/api/v1/client-requests', { params: { query: { projectId, limit: 200, cursor } } }),
          ),
        2000,
      ),
  });
}

export function engagementsQuery(projectId: string) {
  return queryOptions({
    queryKey: projectKeys.engagementsOf(projectId),
    queryFn: () =>
      fetchAll<Engagement>(
        (cursor) =>
          unwrap(
            api.GET('/api/v1/vendor-engagements', { params: { query: { projectId, limit: 200, cursor } } }),
          ),
        2000,
      ),
  });
}

/** The vendor directory, for the engagement form's picker. */
export const vendorsQuery = queryOptions({
  queryKey: [...projectKeys.vendors, 'picker'],
  queryFn: () =>
    fetchAll<Vendor>((cursor) =>
      unwrap(api.GET('/api/v1/vendors', { params: { query: { sort: 'name', limit: 200, cursor } } })),
    ),
  staleTime: 60_000,
});

/**
 * After any delivery write: the projects (their derived figures move with deliverables, requests and
 * engagements), the project's records, and through the account's refresh its timeline and the
 * agenda; the workload, the vendors' records and the tasks (a change order) too.
 */
function useRefreshDelivery() {
  const refresh = useRefreshAccount();
  return (accountId: string | null | undefined) =>
    refresh(
      accountId,
      projectKeys.all,
      projectKeys.deliverables,
      projectKeys.requests,
      projectKeys.engagements,
      projectKeys.vendors,
      ['workload'],
      ['tasks'],
    );
}

export function useCreateProject() {
  const refresh = useRefreshDelivery();
  return useMutation({
    mutationFn: (body: ProjectBody) => unwrap(api.POST('/api/v1/projects', { body })),
    onSettled: (_p, _e, body) => refresh(body.accountId),
  });
}

/** PATCH with If-Match: a change made meanwhile by someone else is refused (412), not overwritten. */
export function useUpdateProject() {
  const refresh = useRefreshDelivery();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ project, body }: { project: Project; body: ProjectPatch }) =>
      unwrap(
        api.PATCH('/api/v1/projects/{id}', {
          params: { path: { id: project.id } },
          headers: ifMatch(project.version),
          body,
        }),
      ),
    onSuccess: (p) => queryClient.setQueryData(projectKeys.detail(p.id), p),
    onSettled: (_p, _e, { project }) => refresh(project.accountId),
  });
}

export function useCreateDeliverable(accountId: string) {
  const refresh = useRefreshDelivery();
  return useMutation({
    mutationFn: (body: DeliverableBody) => unwrap(api.POST('/api/v1/deliverables', { body })),
    onSettled: () => refresh(accountId),
  });
}

export function useUpdateDeliverable() {
  const refresh = useRefreshDelivery();
  return useMutation({
    mutationFn: ({ deliverable, body }: { deliverable: Deliverable; body: DeliverablePatch }) =>
      unwrap(
        api.PATCH('/api/v1/deliverables/{id}', {
          params: { path: { id: deliverable.id } },
          headers: ifMatch(deliverable.version),
          body,
        }),
      ),
    onSettled: (_d, _e, { deliverable }) => refresh(deliverable.accountId),
  });
}

export function useCreateReview(deliverable: Pick<Deliverable, 'id' | 'accountId'>) {
  const refresh = useRefreshDelivery();
  return useMutation({
    mutationFn: (body: ReviewBody) =>
      unwrap(
        api.POST('/api/v1/deliverables/{id}/reviews', { params: { path: { id: deliverable.id } }, body }),
      ),
    // The reviews are under the deliverables' key, which the refresh invalidates.
    onSettled: () => refresh(deliverable.accountId),
  });
}

export function useCreateClientRequest() {
  const refresh = useRefreshDelivery();
  return useMutation({
    mutationFn: (body: ClientRequestBody) => unwrap(api.POST('/api/v1/client-requests', { body })),
    onSettled: (_r, _e, body) => refresh(body.accountId),
  });
}

export function useUpdateClientRequest() {
  const refresh = useRefreshDelivery();
  return useMutation({
    mutationFn: ({ request, body }: { request: ClientRequest; body: ClientRequestPatch }) =>
      unwrap(
        api.PATCH('/api/v1/client-requests/{id}', {
          params: { path: { id: request.id } },
          headers: ifMatch(request.version),
          body,
        }),
      ),
    onSettled: (_r, _e, { request }) => refresh(request.accountId),
  });
}

export function useCreateEngagement(accountId: string) {
  const refresh = useRefreshDelivery();
  return useMutation({
    mutationFn: (body: EngagementBody) => unwrap(api.POST('/api/v1/vendor-engagements', { body })),
    onSettled: () => refresh(accountId),
  });
}

export function useUpdateEngagement() {
  const refresh = useRefreshDelivery();
  return useMutation({
    mutationFn: ({ engagement, body }: { engagement: Engagement; body: EngagementPatch }) =>
      unwrap(
        api.PATCH('/api/v1/vendor-engagements/{id}', {
          params: { path: { id: engagement.id } },
          headers: ifMatch(engagement.version),
          body,
        }),
      ),
    onSettled: (_r, _e, { engagement }) => refresh(engagement.accountId),
  });
}

/**
 * Deletes a project that has nothing in it (the server refuses one with deliverables, client requests
 * or engagements: 409, whose detail says to cancel it instead). `leave` goes elsewhere first, so the
 * page does not fetch its project again and find it gone on the way out.
 */
export function useDeleteProject(leave: (project: Project) => Promise<unknown>) {
  const refresh = useRefreshDelivery();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (project: Project) =>
      unwrap(
        api.DELETE('/api/v1/projects/{id}', {
          params: { path: { id: project.id } },
          headers: ifMatch(project.version),
        }),
      ),
    onSuccess: async (_r, project) => {
      await leave(project);
      queryClient.removeQueries({ queryKey: projectKeys.detail(project.id) });
      await refresh(project.accountId);
    },
  });
}

export function useDeleteDeliverable() {
  const refresh = useRefreshDelivery();
  return useMutation({
    mutationFn: (deliverable: Deliverable) =>
      unwrap(
        api.DELETE('/api/v1/deliverables/{id}', {
          params: { path: { id: deliverable.id } },
          headers: ifMatch(deliverable.version),
        }),
      ),
    onSettled: (_r, _e, deliverable) => refresh(deliverable.accountId),
  });
}

export function useDeleteClientRequest() {
  const refresh = useRefreshDelivery();
  return useMutation({
    mutationFn: (request: ClientRequest) =>
      unwrap(
        api.DELETE('/api/v1/client-requests/{id}', {
          params: { path: { id: request.id } },
          headers: ifMatch(request.version),
        }),
      ),
    onSettled: (_r, _e, request) => refresh(request.accountId),
  });
}

export function useDeleteEngagement() {
  const refresh = useRefreshDelivery();
  return useMutation({
    mutationFn: (engagement: Engagement) =>
      unwrap(
        api.DELETE('/api/v1/vendor-engagements/{id}', {
          params: { path: { id: engagement.id } },
          headers: ifMatch(engagement.version),
        }),
      ),
    onSettled: (_r, _e, engagement) => refresh(engagement.accountId),
  });
}
