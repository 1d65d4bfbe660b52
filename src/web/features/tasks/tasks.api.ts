import { queryOptions, useMutation } from '@tanstack/react-query';
import { api, type Body, fetchAll, type Task, unwrap } from '../../api.ts';
import { useRefreshAccount } from '../accounts/index.ts';

/** A new task; the account comes from the hook, which creates tasks on one account. */
export type TaskBody = Omit<Body<'/api/v1/tasks', 'post'>, 'accountId'>;
export type TaskPatch = Body<'/api/v1/tasks/{id}', 'patch'>;

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
    mutationFn: ({ task, body }: { task: Pick<Task, 'id'> & Partial<Task>; body: TaskPatch }) =>
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
