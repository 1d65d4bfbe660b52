import { Badge, Checkbox, Group, Menu, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { Task } from '../../api.ts';
import { daysBetween, formatDay, isoDay } from '../../ui/format.ts';
import { MoreActions } from '../../ui/lists.tsx';
import { notifyFailure } from '../../ui/notify.ts';
import { isOpenTask, priorityColors, priorityLabels, statusLabels, type TaskStatus } from './labels.ts';
import { taskKeys, useUpdateTask } from './tasks.api.ts';

/** Changes the status of an account's tasks; ticking one done (or open again) shows at once. */
export function useTaskStatus(accountId: string) {
  const update = useUpdateTask();
  const queryClient = useQueryClient();
  return {
    /** The box ticks at once; it unticks again if the server refuses. */
    setDone: (t: Task, done: boolean) => {
      const key = taskKeys.ofAccount(accountId);
      const before = queryClient.getQueryData<Task[]>(key);
      const status: TaskStatus = done ? 'done' : 'open';
      queryClient.setQueryData<Task[]>(key, (list) =>
        list?.map((x) => (x.id === t.id ? { ...x, status } : x)),
      );
      update.mutate(
        { task: t, body: { status } },
        {
          onSuccess: (u) =>
            notifications.show({ message: done ? `Done: ${u.title}` : `Reopened: ${u.title}` }),
          onError: (err) => {
            if (before) queryClient.setQueryData(key, before);
            notifyFailure('Could not change the task')(err);
          },
        },
      );
    },
    setStatus: (t: Task, status: TaskStatus, onError?: (err: unknown) => void) =>
      update.mutate({ task: t, body: { status } }, { onError }),
    isChanging: (t: Task) => update.isPending && update.variables?.task.id === t.id,
  };
}

/** A task in a list: a box to tick it done, its title, due date, assignee, effort and priority. */
export function TaskRow({
  task: t,
  assignee,
  canTick,
  onDone,
  menu,
}: {
  task: Task;
  assignee: string;
  canTick: boolean;
  onDone: (done: boolean) => void;
  menu?: ReactNode;
}) {
  const done = t.status === 'done';
  const overdue = !done && t.dueDate !== null && daysBetween(isoDay(), t.dueDate) < 0;
  return (
    <Paper withBorder p="sm" role="listitem">
      <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
        <Group wrap="nowrap" gap="sm" align="flex-start" style={{ minWidth: 0 }}>
          <Checkbox
            mt={2}
            checked={done}
            disabled={!canTick || t.status === 'cancelled'}
            onChange={(e) => onDone(e.currentTarget.checked)}
            aria-label={done ? `Reopen ${t.title}` : `Mark ${t.title} done`}
          />
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Text size="sm" fw={500} td={done ? 'line-through' : undefined} c={done ? 'dimmed' : undefined}>
              {t.title}
            </Text>
            <Group gap={6}>
              <Text size="xs" c={overdue ? 'red' : 'dimmed'} fw={overdue ? 600 : undefined}>
                {t.dueDate ? `Due ${formatDay(t.dueDate)}` : 'No due date'}
              </Text>
              <Text size="xs" c="dimmed">
                · {assignee} · {t.effortPoints} pt{t.effortPoints === 1 ? '' : 's'}
              </Text>
              <Badge size="xs" variant="light" color={priorityColors[t.priority]}>
                {priorityLabels[t.priority]}
              </Badge>
              {t.status !== 'open' && t.status !== 'done' && (
                <Badge size="xs" variant="outline" color="gray">
                  {statusLabels[t.status]}
                </Badge>
              )}
            </Group>
            {t.description && (
              <Text size="xs" c="dimmed" lineClamp={2}>
                {t.description}
              </Text>
            )}
          </Stack>
        </Group>
        {menu}
      </Group>
    </Paper>
  );
}

/** The ⋯ menu of a task: edit, start or stop it, cancel it, delete it. */
export function TaskMenu({
  task: t,
  onEdit,
  onStatus,
  onDelete,
}: {
  task: Task;
  onEdit: () => void;
  onStatus: (status: TaskStatus, onError?: (err: unknown) => void) => void;
  onDelete: () => void;
}) {
  return (
    <MoreActions name={t.title}>
      <Menu.Item onClick={onEdit}>Edit</Menu.Item>
      {isOpenTask(t) && (
        <Menu.Item onClick={() => onStatus(t.status === 'open' ? 'in_progress' : 'open', notifyFailure())}>
          {t.status === 'open' ? 'Mark in progress' : 'Mark not started'}
        </Menu.Item>
      )}
      {isOpenTask(t) && <Menu.Item onClick={() => onStatus('cancelled')}>Cancel task</Menu.Item>}
      <Menu.Divider />
      <Menu.Item color="red" onClick={onDelete}>
        Delete
      </Menu.Item>
    </MoreActions>
  );
}
