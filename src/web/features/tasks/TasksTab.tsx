import { Button, Collapse, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { Account, Task } from '../../api.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { useDeleteConfirm, useFormModal } from '../../ui/dialogs.ts';
import { AddButton, QueryContent } from '../../ui/lists.tsx';
import { EmptyState, Toolbar } from '../../ui/states.tsx';
import { canWorkAccounts, useMe } from '../session/index.ts';
import { userDirectoryQuery } from '../users/index.ts';
import { isOpenTask } from './labels.ts';
import { TaskFormModal } from './TaskFormModal.tsx';
import { TaskMenu, TaskRow, useTaskStatus } from './TaskRow.tsx';
import { accountTasksQuery, useDeleteTask } from './tasks.api.ts';

export function TasksTab({ account }: { account: Account }) {
  const me = useMe();
  const canWork = canWorkAccounts(me) && !account.archivedAt;
  const tasks = useQuery(accountTasksQuery(account.id));
  const users = useQuery(userDirectoryQuery);
  const editor = useFormModal<Task>();
  const deleting = useDeleteConfirm(useDeleteTask(), () => 'Task deleted.');
  const [showClosed, { toggle: toggleClosed }] = useDisclosure(false);
  const status = useTaskStatus(account.id);

  const nameOf = (id: string) => users.data?.find((u) => u.id === id)?.name ?? '…';
  /** Members may tick off only what is assigned to them. */
  const mayChange = (t: Task) => canWork || (me.role === 'member' && t.assigneeId === me.id);

  const all = tasks.data ?? [];
  const open = all.filter(isOpenTask);
  const closed = all.filter((t) => !isOpenTask(t));

  const row = (t: Task) => (
    <TaskRow
      key={t.id}
      task={t}
      assignee={nameOf(t.assigneeId)}
      canTick={mayChange(t) && !status.isChanging(t)}
      onDone={(done) => status.setDone(t, done)}
      menu={
        canWork && (
          <TaskMenu
            task={t}
            onEdit={() => editor.open(t)}
            onStatus={(s, onError) => status.setStatus(t, s, onError)}
            onDelete={() => deleting.ask(t)}
          />
        )
      }
    />
  );

  return (
    <Stack gap="md">
      <Toolbar actions={canWork && <AddButton onClick={() => editor.open(null)}>Add task</AddButton>}>
        <Text size="sm" c="dimmed">
          Work to do for {account.name}, soonest due first.
        </Text>
      </Toolbar>
      <QueryContent
        query={tasks}
        what="tasks"
        empty={
          all.length === 0 && (
            <EmptyState title="No tasks yet">
              {canWork ? 'Add the next thing to do for this account.' : null}
            </EmptyState>
          )
        }
      >
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
      </QueryContent>
      {canWork && (
        <TaskFormModal
          opened={editor.opened}
          accountId={account.id}
          task={editor.record}
          onClose={editor.close}
        />
      )}
      <ConfirmModal {...deleting.modal} title="Delete this task?">
        “{deleting.item?.title}” is removed for good. To keep a record of it, cancel it instead.
      </ConfirmModal>
    </Stack>
  );
}
