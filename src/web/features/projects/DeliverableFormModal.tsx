import { NumberInput, Select, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { isNotEmpty, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { FormModal, FormShell } from '../../ui/FormShell.tsx';
import { changedFields, showFieldErrors, wholeNumber } from '../../ui/form.ts';
import { formatDay } from '../../ui/format.ts';
import { useMe } from '../session/index.ts';
import { userDirectoryQuery } from '../users/index.ts';
import { type DeliverableStatus, deliverableStatusOptions } from './labels.ts';
import {
  type Deliverable,
  type Project,
  useCreateDeliverable,
  useUpdateDeliverable,
} from './projects.api.ts';

/** Adds a deliverable to a project (no `deliverable`) or changes one. */
export function DeliverableFormModal({
  opened,
  project,
  deliverable,
  onClose,
}: {
  opened: boolean;
  project: Project;
  deliverable: Deliverable | null;
  onClose: () => void;
}) {
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={deliverable ? `Edit ${deliverable.name}` : 'New deliverable'}
    >
      <DeliverableForm project={project} deliverable={deliverable} onDone={onClose} />
    </FormModal>
  );
}

const initialValues = (d: Deliverable | null, meId: string, project: Project) => ({
  name: d?.name ?? '',
  description: d?.description ?? '',
  dueDate: d?.dueDate ?? (project.endDate as string | null),
  assigneeId: d?.assigneeId ?? meId,
  effortPoints: d?.effortPoints ?? (1 as number | string),
  includedRevisions: d?.includedRevisions ?? (2 as number | string),
  status: d?.status ?? ('not_started' as DeliverableStatus),
});
type Values = ReturnType<typeof initialValues>;

const rules = {
  name: isNotEmpty('Enter a name.'),
  dueDate: isNotEmpty('Pick the due date.'),
  effortPoints: wholeNumber(1, 40, 'Enter 1 to 40 points.'),
  includedRevisions: wholeNumber(0, 20, 'Enter 0 to 20 rounds.'),
};

function DeliverableForm({
  project,
  deliverable,
  onDone,
}: {
  project: Project;
  deliverable: Deliverable | null;
  onDone: () => void;
}) {
  const me = useMe();
  const users = useQuery(userDirectoryQuery);
  const create = useCreateDeliverable(project.accountId);
  const update = useUpdateDeliverable();
  const form = useForm({ initialValues: initialValues(deliverable, me.id, project), validate: rules });

  const assignees = (users.data ?? [])
    .filter((u) => u.active || u.id === form.values.assigneeId)
    .map((u) => ({ value: u.id, label: u.id === me.id ? `${u.name} (me)` : u.name }));
  if (!assignees.some((a) => a.value === me.id))
    assignees.unshift({ value: me.id, label: `${me.name} (me)` });

  const submit = (v: Values) => {
    const body = {
      name: v.name.trim(),
      description: v.description.trim() || null,
      dueDate: v.dueDate ?? '',
      assigneeId: v.assigneeId,
      effortPoints: Number(v.effortPoints),
      includedRevisions: Number(v.includedRevisions),
      status: v.status,
    };
    const onError = showFieldErrors(form);
    const done = (d: Deliverable) => {
      notifications.show({
        color: 'green',
        message: deliverable ? `Saved ${d.name}.` : `${d.name} added, due ${formatDay(d.dueDate)}.`,
      });
      onDone();
    };
    if (!deliverable) return create.mutate({ projectId: project.id, ...body }, { onSuccess: done, onError });
    const patch = changedFields(deliverable, body);
    if (!patch) return onDone();
    update.mutate({ deliverable, body: patch }, { onSuccess: done, onError });
  };

  return (
    <FormShell
      form={form}
      mutation={deliverable ? update : create}
      onSubmit={submit}
      onCancel={onDone}
      submitLabel={deliverable ? 'Save changes' : 'Add deliverable'}
    >
      <TextInput label="Name" required data-autofocus autoComplete="off" {...form.getInputProps('name')} />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <DateInput
          label="Due date"
          required
          valueFormat="MMM D, YYYY"
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
        <NumberInput
          label="Effort (points)"
          description="1 to 40, for workload"
          min={1}
          max={40}
          allowDecimal={false}
          allowNegative={false}
          {...form.getInputProps('effortPoints')}
        />
        <NumberInput
          label="Included revisions"
          description="Rounds of client changes the fee includes"
          min={0}
          max={20}
          allowDecimal={false}
          allowNegative={false}
          {...form.getInputProps('includedRevisions')}
        />
        <Select
          label="Status"
          data={deliverableStatusOptions}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('status')}
        />
      </SimpleGrid>
      <Textarea label="Description" autosize minRows={2} maxRows={8} {...form.getInputProps('description')} />
    </FormShell>
  );
}
