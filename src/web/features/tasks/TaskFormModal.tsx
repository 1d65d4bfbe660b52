import { NumberInput, Select, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { isNotEmpty, type UseFormReturnType, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import type { Task } from '../../api.ts';
import { FormModal, FormShell } from '../../ui/FormShell.tsx';
import { changedFields, showFieldErrors, wholeNumber } from '../../ui/form.ts';
import { formatDay } from '../../ui/format.ts';
import { useMe } from '../session/index.ts';
import { userDirectoryQuery } from '../users/index.ts';
import { priorityOptions, type TaskPriority } from './labels.ts';
import { type TaskBody, useCreateTask, useUpdateTask } from './tasks.api.ts';

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
    <FormModal opened={opened} onClose={onClose} title={task ? 'Edit task' : 'New task'}>
      <TaskForm accountId={accountId} task={task} onDone={onClose} />
    </FormModal>
  );
}

const initialValues = (task: Task | null, meId: string) => ({
  title: task?.title ?? '',
  description: task?.description ?? '',
  dueDate: task?.dueDate ?? (null as string | null),
  priority: task?.priority ?? ('normal' as TaskPriority),
  effortPoints: task?.effortPoints ?? (1 as number | string),
  assigneeId: task?.assigneeId ?? meId,
});
type TaskValues = ReturnType<typeof initialValues>;

const rules = {
  title: isNotEmpty('Enter a title.'),
  effortPoints: wholeNumber(1, 40, 'Enter 1 to 40 points.'),
};

function TaskForm({ accountId, task, onDone }: { accountId: string; task: Task | null; onDone: () => void }) {
  const me = useMe();
  const create = useCreateTask(accountId);
  const update = useUpdateTask();
  const form = useForm({ initialValues: initialValues(task, me.id), validate: rules });

  const submit = (values: TaskValues) => {
    const body: TaskBody = {
      ...values,
      title: values.title.trim(),
      description: values.description.trim() || null,
      effortPoints: Number(values.effortPoints),
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
    const onError = showFieldErrors(form);
    if (!task) return create.mutate(body, { onSuccess: done, onError });
    const patch = changedFields(task, body);
    if (!patch) return onDone();
    update.mutate({ task, body: patch }, { onSuccess: done, onError });
  };

  return (
    <FormShell
      form={form}
      mutation={task ? update : create}
      onSubmit={submit}
      onCancel={onDone}
      submitLabel={task ? 'Save changes' : 'Add task'}
    >
      <TaskFields form={form} />
    </FormShell>
  );
}

function TaskFields({ form }: { form: UseFormReturnType<TaskValues> }) {
  const me = useMe();
  const users = useQuery(userDirectoryQuery);
  const assignees = (users.data ?? [])
    .filter((u) => u.active || u.id === form.values.assigneeId)
    .map((u) => ({ value: u.id, label: u.id === me.id ? `${u.name} (me)` : u.name }));
  if (!assignees.some((a) => a.value === me.id))
    assignees.unshift({ value: me.id, label: `${me.name} (me)` });

  return (
    <>
      <TextInput label="Title" required data-autofocus autoComplete="off" {...form.getInputProps('title')} />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <DateInput
          label="Due date"
          placeholder="No due date"
          valueFormat="MMM D, YYYY"
          clearable
          popoverProps={{ withinPortal: true }}
          {...form.getInputProps('dueDate')}
        />
        <Select
          label="Assignee"
          data={assignees}
          allowDeselect={false}
          searchable
          nothingFoundMessage="Nobody matches."
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('assigneeId')}
        />
        <Select
          label="Priority"
          data={priorityOptions}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('priority')}
        />
        <NumberInput
          label="Effort (points)"
          description="1 to 40, for workload"
          min={1}
          max={40}
          allowDecimal={false}
          allowNegative={false}
          {...form.getInputProps('effortPoints')}
        />
      </SimpleGrid>
      <Textarea label="Description" autosize minRows={2} maxRows={8} {...form.getInputProps('description')} />
    </>
  );
}
