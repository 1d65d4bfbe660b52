import { queryOptions, useMutation } from '@tanstack/react-query';
import { api, fetchAll, type Task, unwrap } from '../../api.ts';
import { useRefreshAccount } from '../accounts/accounts.api.ts';

export type TaskBody = {
  title: string;
  description?: string | null;
  dueDate?: string | null;
  priority?: Task['priority'];
  effortPoints?: number;
  assigneeId?: string;
  status?: Task['status'];
};

export const taskKeys = {
  all: ['tasks'] as const,
  ofAccount: (accountId: string) => ['tasks', 'account', accountId] as const,
};

/** Every task on an account, soonest due first (undated last). */
export function accountTasksQuery(accountId: string) {
  return queryOptions({
    queryKey: taskKeys.ofAccount(accountId),
    queryFn: () =>
      fetchAll<Task>(
        (cursor) =>
          unwrap(api.GET('/api/v1/tasks', { params: { query: { accountId, limit: 200, cursor } } })),
        2000,
      ),
  });
}

export function useCreateTask(accountId: string | null) {
  const refresh = useRefreshAccount();
  return useMutation({
    mutationFn: (body: TaskBody) => unwrap(api.POST('/api/v1/tasks', { body: { ...body, accountId } })),
    onSettled: () => refresh(accountId, taskKeys.all),
  });
}

/**
 * Changes a task. With the task in hand the change carries If-Match; from the agenda (which has no
 * version) it does not, which for ticking a box is what the user means.
 */
export function useUpdateTask() {
  const refresh = useRefreshAccount();
  return useMutation({
    mutationFn: ({ task, body }: { task: Pick<Task, 'id'> & Partial<Task>; body: Partial<TaskBody> }) =>
      unwrap(
        api.PATCH('/api/v1/tasks/{id}', {
          params: { path: { id: task.id } },
          ...(task.version !== undefined ? { headers: { 'If-Match': `"${task.version}"` } } : {}),
          body,
        }),
      ),
    onSettled: (t, _e, { task }) => refresh(t?.accountId ?? task.accountId, taskKeys.all),
  });
}

export function useDeleteTask() {
  const refresh = useRefreshAccount();
  return useMutation({
    mutationFn: (task: Task) =>
      unwrap(
        api.DELETE('/api/v1/tasks/{id}', {
          params: { path: { id: task.id } },
          headers: { 'If-Match': `"${task.version}"` },
        }),
      ),
    onSettled: (_r, _e, task) => refresh(task.accountId, taskKeys.all),
  });
}
