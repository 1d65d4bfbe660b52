import {
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { fieldErrorsOf, otherFieldErrors, type Task } from '../../api.ts';
import { formatDay } from '../../ui/format.ts';
import { FormError } from '../../ui/states.tsx';
import { useMe } from '../session/session.ts';
import { userDirectoryQuery } from '../users/users.api.ts';
import { priorityOptions, type TaskPriority } from './labels.ts';
import { type TaskBody, useCreateTask, useUpdateTask } from './tasks.api.ts';

const fields = ['title', 'description', 'dueDate', 'priority', 'effortPoints', 'assigneeId'] as const;
type Field = (typeof fields)[number];

/** Adds a task to an account (no `task`) or changes one. */
export function TaskFormModal({
  opened,
  accountId,
  task,
  onClose,
}: {
  opened: boolean;
  accountId: string;
  task: Task | null;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={task ? 'Edit task' : 'New task'} size="lg">
      {opened && <TaskForm accountId={accountId} task={task} onDone={onClose} />}
    </Modal>
  );
}

function TaskForm({ accountId, task, onDone }: { accountId: string; task: Task | null; onDone: () => void }) {
  const me = useMe();
  const users = useQuery(userDirectoryQuery);
  const create = useCreateTask(accountId);
  const update = useUpdateTask();
  const mutation = task ? update : create;
  const [values, setValues] = useState({
    title: task?.title ?? '',
    description: task?.description ?? '',
    dueDate: task?.dueDate ?? (null as string | null),
    priority: task?.priority ?? ('normal' as TaskPriority),
    effortPoints: task?.effortPoints ?? (1 as number | string),
    assigneeId: task?.assigneeId ?? me.id,
  });
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const set = <K extends keyof typeof values>(key: K, value: (typeof values)[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  const assignees = (users.data ?? [])
    .filter((u) => u.active || u.id === values.assigneeId)
    .map((u) => ({ value: u.id, label: u.id === me.id ? `${u.name} (me)` : u.name }));
  if (!assignees.some((a) => a.value === me.id))
    assignees.unshift({ value: me.id, label: `${me.name} (me)` });

  const submit = () => {
    const errors: Partial<Record<Field, string>> = {};
    const title = values.title.trim();
    if (!title) errors.title = 'Enter a title.';
    const effort = Number(values.effortPoints);
    if (!Number.isInteger(effort) || effort < 1 || effort > 40) errors.effortPoints = 'Enter 1 to 40 points.';
    setLocal(errors);
    if (Object.keys(errors).length) return;
    const body: TaskBody = {
      title,
      description: values.description.trim() || null,
      dueDate: values.dueDate,
      priority: values.priority,
      effortPoints: effort,
      assigneeId: values.assigneeId,
    };
    const done = (t: Task) => {
      notifications.show({
        color: 'green',
        message: task
          ? `Saved ${t.title}.`
          : `Task added${t.dueDate ? `, due ${formatDay(t.dueDate)}` : ''}.`,
      });
      onDone();
    };
    if (!task) {
      create.mutate(body, { onSuccess: done });
      return;
    }
    const patch: Partial<TaskBody> = {};
    for (const key of Object.keys(body) as (keyof TaskBody)[]) {
      if (body[key] !== task[key]) Object.assign(patch, { [key]: body[key] });
    }
    if (Object.keys(patch).length === 0) {
      onDone();
      return;
    }
    update.mutate({ task, body: patch }, { onSuccess: done });
  };

  const server = fieldErrorsOf(mutation.error);
  const errorOf = (f: Field) => local[f] ?? server[f];

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="sm">
        <FormError error={mutation.error} extra={otherFieldErrors(mutation.error, fields)} />
        <TextInput
          label="Title"
          required
          data-autofocus
          autoComplete="off"
          value={values.title}
          onChange={(e) => set('title', e.currentTarget.value)}
          error={errorOf('title')}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <DateInput
            label="Due date"
            placeholder="No due date"
            value={values.dueDate}
            onChange={(v) => set('dueDate', v)}
            valueFormat="MMM D, YYYY"
            clearable
            popoverProps={{ withinPortal: true }}
            error={errorOf('dueDate')}
          />
          <Select
            label="Assignee"
            data={assignees}
            value={values.assigneeId}
            allowDeselect={false}
            searchable
            onChange={(v) => v && set('assigneeId', v)}
            nothingFoundMessage="Nobody matches."
            error={errorOf('assigneeId')}
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label="Priority"
            data={priorityOptions}
            value={values.priority}
            allowDeselect={false}
            onChange={(v) => v && set('priority', v as TaskPriority)}
            error={errorOf('priority')}
            comboboxProps={{ withinPortal: true }}
          />
          <NumberInput
            label="Effort (points)"
            description="1 to 40, for workload"
            min={1}
            max={40}
            allowDecimal={false}
            allowNegative={false}
            value={values.effortPoints}
            onChange={(v) => set('effortPoints', v)}
            error={errorOf('effortPoints')}
          />
        </SimpleGrid>
        <Textarea
          label="Description"
          autosize
          minRows={2}
          maxRows={8}
          value={values.description}
          onChange={(e) => set('description', e.currentTarget.value)}
          error={errorOf('description')}
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {task ? 'Save changes' : 'Add task'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
