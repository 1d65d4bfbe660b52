import { queryOptions } from '@tanstack/react-query';
import { api, fetchAll, type Json, type Task, unwrap } from '../../api.ts';
import type { paths } from '../../api-types.ts';

export type Deliverable = Json<paths['/api/v1/deliverables/{id}']['get']['responses'][200]>;
export type ClientRequest = Json<paths['/api/v1/client-requests/{id}']['get']['responses'][200]>;

const finished = new Set(['approved', 'delivered', 'cancelled']);

/** The deliverables assigned to a person that are still to do, soonest due first. */
export function myDeliverablesQuery(userId: string) {
  return queryOptions({
    queryKey: ['deliverables', 'assignee', userId],
    queryFn: async () => {
      const all = await fetchAll<Deliverable>(
        (cursor) =>
          unwrap(
            api.GET('/api/v1/deliverables', {
              params: { query: { assigneeId: userId, limit: 200, cursor } },
            }),
          ),
        2000,
      );
      return all.filter((d) => !finished.has(d.status)).sort((a, b) => a.dueDate.localeCompare(b.dueDate));
    },
  });
}

/** A person's open and in-progress tasks, soonest due first (undated last). */
export function myTasksQuery(userId: string) {
  return queryOptions({
    queryKey: ['tasks', 'assignee', userId],
    queryFn: async () => {
      const lists = await Promise.all(
        (['open', 'in_progress'] as const).map((status) =>
          fetchAll<Task>(
            (cursor) =>
              unwrap(
                api.GET('/api/v1/tasks', {
                  params: { query: { assigneeId: userId, status, limit: 200, cursor } },
                }),
              ),
            1000,
          ),
        ),
      );
      return lists.flat().sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
    },
  });
}

/** Where a deliverable or a client request lives: its project, else (a request) its account. */
export async function placeOf(ref: {
  type: string;
  id: string;
}): Promise<{ projectId?: string; accountId?: string }> {
  if (ref.type === 'project') return { projectId: ref.id };
  if (ref.type === 'deliverable') {
    const d = await unwrap(api.GET('/api/v1/deliverables/{id}', { params: { path: { id: ref.id } } }));
    return { projectId: d.projectId, accountId: d.accountId };
  }
  const r = await unwrap(api.GET('/api/v1/client-requests/{id}', { params: { path: { id: ref.id } } }));
  return { projectId: r.projectId ?? undefined, accountId: r.accountId };
}
