import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Collapse,
  Group,
  Menu,
  Paper,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconChevronRight, IconDots, IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { type Account, errorMessage, type Task } from '../../api.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { daysBetween, formatDay, isoDay } from '../../ui/format.ts';
import { EmptyState, ErrorState, PageLoader, Toolbar } from '../../ui/states.tsx';
import { canWorkAccounts, useMe } from '../session/session.ts';
import { userDirectoryQuery } from '../users/users.api.ts';
import { isOpenTask, priorityColors, priorityLabels, statusLabels, type TaskStatus } from './labels.ts';
import { TaskFormModal } from './TaskFormModal.tsx';
import { accountTasksQuery, taskKeys, useDeleteTask, useUpdateTask } from './tasks.api.ts';

export function TasksTab({ account }: { account: Account }) {
  const me = useMe();
  const canWork = canWorkAccounts(me) && !account.archivedAt;
  const tasks = useQuery(accountTasksQuery(account.id));
  const users = useQuery(userDirectoryQuery);
  const [formOpen, setFormOpen] = useState(false);
  const [editing, setEditing] = useState<Task | null>(null);
  const [deleting, setDeleting] = useState<Task | null>(null);
  const [showClosed, { toggle: toggleClosed }] = useDisclosure(false);
  const update = useUpdateTask();
  const queryClient = useQueryClient();
  const remove = useDeleteTask();

  const nameOf = (id: string) => users.data?.find((u) => u.id === id)?.name ?? '…';
  /** Members may tick off only what is assigned to them. */
  const mayChange = (t: Task) => canWork || (me.role === 'member' && t.assigneeId === me.id);
  /** The box ticks at once; it unticks again if the server refuses. */
  const setDone = (t: Task, done: boolean) => {
    const key = taskKeys.ofAccount(account.id);
    const before = queryClient.getQueryData<Task[]>(key);
    const status: TaskStatus = done ? 'done' : 'open';
    queryClient.setQueryData<Task[]>(key, (list) => list?.map((x) => (x.id === t.id ? { ...x, status } : x)));
    update.mutate(
      { task: t, body: { status } },
      {
        onSuccess: (u) => notifications.show({ message: done ? `Done: ${u.title}` : `Reopened: ${u.title}` }),
        onError: (err) => {
          if (before) queryClient.setQueryData(key, before);
          notifications.show({
            color: 'red',
            title: 'Could not change the task',
            message: errorMessage(err),
          });
        },
      },
    );
  };

  const all = tasks.data ?? [];
  const open = all.filter(isOpenTask);
  const closed = all.filter((t) => !isOpenTask(t));
  const today = isoDay();

  const row = (t: Task) => {
    const done = t.status === 'done';
    const overdue = !done && t.dueDate !== null && daysBetween(today, t.dueDate) < 0;
    const changing = update.isPending && update.variables?.task.id === t.id;
    return (
      <Paper key={t.id} withBorder p="sm" role="listitem">
        <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
          <Group wrap="nowrap" gap="sm" align="flex-start" style={{ minWidth: 0 }}>
            <Checkbox
              mt={2}
              checked={done}
              disabled={!mayChange(t) || changing || t.status === 'cancelled'}
              onChange={(e) => setDone(t, e.currentTarget.checked)}
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
                  · {nameOf(t.assigneeId)} · {t.effortPoints} pt{t.effortPoints === 1 ? '' : 's'}
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
          {canWork && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray" aria-label={`More actions for ${t.title}`}>
                  <IconDots size={16} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item
                  onClick={() => {
                    setEditing(t);
                    setFormOpen(true);
                  }}
                >
                  Edit
                </Menu.Item>
                {isOpenTask(t) && (
                  <Menu.Item
                    onClick={() =>
                      update.mutate(
                        { task: t, body: { status: t.status === 'open' ? 'in_progress' : 'open' } },
                        {
                          onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
                        },
                      )
                    }
                  >
                    {t.status === 'open' ? 'Mark in progress' : 'Mark not started'}
                  </Menu.Item>
                )}
                {isOpenTask(t) && (
                  <Menu.Item onClick={() => update.mutate({ task: t, body: { status: 'cancelled' } })}>
                    Cancel task
                  </Menu.Item>
                )}
                <Menu.Divider />
                <Menu.Item
                  color="red"
                  onClick={() => {
                    remove.reset();
                    setDeleting(t);
                  }}
                >
                  Delete
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
      </Paper>
    );
  };

  return (
    <Stack gap="md">
      <Toolbar
        actions={
          canWork && (
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => {
                setEditing(null);
                setFormOpen(true);
              }}
            >
              Add task
            </Button>
          )
        }
      >
        <Text size="sm" c="dimmed">
          Work to do for {account.name}, soonest due first.
        </Text>
      </Toolbar>
      {tasks.isPending ? (
        <PageLoader label="Loading tasks…" />
      ) : tasks.isError ? (
        <ErrorState error={tasks.error} title="Could not load tasks" onRetry={() => void tasks.refetch()} />
      ) : all.length === 0 ? (
        <EmptyState title="No tasks yet">
          {canWork ? 'Add the next thing to do for this account.' : null}
        </EmptyState>
      ) : (
        <>
          <Stack gap="xs">
            <Title order={2} size="h5">
              Open ({open.length})
            </Title>
            {open.length === 0 ? (
              <Text size="sm" c="dimmed">
                All done.
              </Text>
            ) : (
              <Stack gap="xs" role="list" aria-label="Open tasks">
                {open.map(row)}
              </Stack>
            )}
          </Stack>
          {closed.length > 0 && (
            <Stack gap="xs">
              <Button
                variant="subtle"
                color="gray"
                onClick={toggleClosed}
                leftSection={showClosed ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                aria-expanded={showClosed}
                style={{ alignSelf: 'flex-start' }}
              >
                Done and cancelled ({closed.length})
              </Button>
              <Collapse expanded={showClosed}>
                <Stack gap="xs" role="list" aria-label="Done and cancelled tasks">
                  {closed.map(row)}
                </Stack>
              </Collapse>
            </Stack>
          )}
        </>
      )}
      {canWork && (
        <TaskFormModal
          opened={formOpen}
          accountId={account.id}
          task={editing}
          onClose={() => setFormOpen(false)}
        />
      )}
      <ConfirmModal
        opened={deleting !== null}
        title="Delete this task?"
        confirmLabel="Delete"
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting, {
            onSuccess: () => {
              notifications.show({ message: 'Task deleted.' });
              setDeleting(null);
            },
          })
        }
        onClose={() => setDeleting(null)}
      >
        “{deleting?.title}” is removed for good. To keep a record of it, cancel it instead.
      </ConfirmModal>
    </Stack>
  );
}
