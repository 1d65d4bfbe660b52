import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type Json, unwrap } from '../../api.ts';
import type { paths } from '../../api-types.ts';

export type Workload = Json<paths['/api/v1/reports/workload']['get']['responses'][200]>;
export type WorkloadPerson = Workload['people'][number];
export type WorkloadCell = WorkloadPerson['cells'][number];
export type WorkloadItem = NonNullable<WorkloadCell['items']>[number];
export type WorkloadParams = { from: string; to: string; teamId?: string };

export const workloadKeys = { all: ['reports', 'workload'] as const };

/** The people × weeks heat map with each cell's items. */
export function workloadQuery(params: WorkloadParams) {
  return queryOptions({
    queryKey: [...workloadKeys.all, params],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/v1/reports/workload', {
          params: { query: { ...params, detail: 'true' } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/**
 * Gives a task or a deliverable to someone else: reads the record for its version, then changes
 * its assignee with If-Match, so that a change made meanwhile is refused (412), not overwritten.
 */
export function useReassign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({
      item,
      assigneeId,
    }: {
      item: { type: 'task' | 'deliverable'; id: string };
      assigneeId: string;
    }) => {
      if (item.type === 'task') {
        const task = await unwrap(api.GET('/api/v1/tasks/{id}', { params: { path: { id: item.id } } }));
        return unwrap(
          api.PATCH('/api/v1/tasks/{id}', {
            params: { path: { id: item.id } },
            headers: { 'If-Match': `"${task.version}"` },
            body: { assigneeId },
          }),
        );
      }
      const deliverable = await unwrap(
        api.GET('/api/v1/deliverables/{id}', { params: { path: { id: item.id } } }),
      );
      return unwrap(
        api.PATCH('/api/v1/deliverables/{id}', {
          params: { path: { id: item.id } },
          headers: { 'If-Match': `"${deliverable.version}"` },
          body: { assigneeId },
        }),
      );
    },
    // The heat map, both people's agendas and the lists the item shows in all move.
    onSettled: (_r, _e, { item }) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: workloadKeys.all }),
        queryClient.invalidateQueries({ queryKey: ['agenda'] }),
        queryClient.invalidateQueries({ queryKey: [item.type === 'task' ? 'tasks' : 'deliverables'] }),
      ]),
  });
}
