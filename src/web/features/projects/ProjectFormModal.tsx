import { NumberInput, Select, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { isNotEmpty, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { addMonths } from '../../../core/rules/dates.ts';
import { FormModal, FormShell } from '../../ui/FormShell.tsx';
import { changedFields, showFieldErrors } from '../../ui/form.ts';
import { addDays, currencySymbol, isoDay } from '../../ui/format.ts';
import { AccountSelect, ownerRoles } from '../accounts/index.ts';
import { UsersPicker, userDirectoryQuery } from '../users/index.ts';
import { kindOptions, type ProjectKind, type ProjectStatus, projectStatusOptions } from './labels.ts';
import { type Project, type ProjectBody, useCreateProject, useUpdateProject } from './projects.api.ts';

/** Starts a project (no `project`; on an account when `accountId` is given) or changes one. */
export function ProjectFormModal({
  opened,
  accountId,
  project,
  onClose,
}: {
  opened: boolean;
  accountId: string | null;
  project: Project | null;
  onClose: () => void;
}) {
  return (
    <FormModal opened={opened} onClose={onClose} title={project ? `Edit ${project.name}` : 'New project'}>
      <ProjectForm accountId={accountId} project={project} onDone={onClose} />
    </FormModal>
  );
}

const money = (v: number | null | undefined) => (v ?? '') as number | string;

const initialValues = (p: Project | null, accountId: string | null) => {
  const start = p?.startDate ?? isoDay();
  return {
    accountId: p?.accountId ?? accountId,
    name: p?.name ?? '',
    kind: p?.kind ?? ('project' as ProjectKind),
    status: p?.status ?? ('planning' as ProjectStatus),
    startDate: start as string | null,
    endDate: (p?.endDate ?? addDays(addMonths(start, 3), -1)) as string | null,
    budget: money(p?.budget),
    monthlyFee: money(p?.monthlyFee),
    scope: p?.scope ?? '',
    goals: p?.goals ?? '',
    ownerId: p?.ownerId ?? (null as string | null),
    teamMemberIds: p?.teamMemberIds ?? ([] as string[]),
  };
};
type ProjectValues = ReturnType<typeof initialValues>;

const moneyRule = (v: number | string) =>
  v !== '' && Number(v) < 0 ? 'Enter an amount of 0 or more.' : null;
const rules = {
  accountId: isNotEmpty('Pick the account.'),
  name: isNotEmpty('Enter a name.'),
  startDate: isNotEmpty('Pick the first day.'),
  endDate: (v: string | null, values: ProjectValues) =>
    !v
      ? 'Pick the last day.'
      : values.startDate && v < values.startDate
        ? 'The end cannot be before the start.'
        : null,
  budget: moneyRule,
  monthlyFee: moneyRule,
};

const amount = (v: number | string) => (v === '' ? null : Number(v));

function ProjectForm({
  accountId,
  project,
  onDone,
}: {
  accountId: string | null;
  project: Project | null;
  onDone: () => void;
}) {
  const create = useCreateProject();
  const update = useUpdateProject();
  const navigate = useNavigate();
  const users = useQuery(userDirectoryQuery);
  const form = useForm({ initialValues: initialValues(project, accountId), validate: rules });
  const { values } = form;

  const owners = (users.data ?? [])
    .filter((u) => (u.active && ownerRoles.has(u.role)) || u.id === values.ownerId)
    .map((u) => ({ value: u.id, label: u.name }));

  const submit = (v: ProjectValues) => {
    const body: ProjectBody = {
      accountId: v.accountId ?? '',
      name: v.name.trim(),
      kind: v.kind,
      status: v.status,
      startDate: v.startDate ?? '',
      endDate: v.endDate ?? '',
      budget: amount(v.budget),
      ...(v.kind === 'retainer'
        ? { monthlyFee: amount(v.monthlyFee) }
        : project?.monthlyFee
          ? { monthlyFee: null }
          : {}),
      scope: v.scope.trim() || null,
      goals: v.goals.trim() || null,
      ...(v.ownerId ? { ownerId: v.ownerId } : {}),
      teamMemberIds: v.teamMemberIds,
    };
    const onError = showFieldErrors(form);
    if (!project)
      return create.mutate(body, {
        onSuccess: (p) => {
          notifications.show({ color: 'green', message: `${p.name} started.` });
          onDone();
          void navigate({ to: '/projects/$projectId', params: { projectId: p.id } });
        },
        onError,
      });
    const { accountId: _fixed, ...rest } = body;
    const patch = changedFields(project, rest);
    if (!patch) return onDone();
    update.mutate(
      { project, body: patch },
      {
        onSuccess: (p) => {
          notifications.show({ color: 'green', message: `Saved ${p.name}.` });
          onDone();
        },
        onError,
      },
    );
  };

  return (
    <FormShell
      form={form}
      mutation={project ? update : create}
      onSubmit={submit}
      onCancel={onDone}
      submitLabel={project ? 'Save changes' : 'Create project'}
    >
      {!project && !accountId && (
        <AccountSelect
          label="Account"
          required
          value={values.accountId}
          onChange={(id) => form.setFieldValue('accountId', id)}
          error={form.errors.accountId}
        />
      )}
      <TextInput
        label="Name"
        required
        placeholder="Spring launch campaign"
        data-autofocus
        autoComplete="off"
        {...form.getInputProps('name')}
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <Select
          label="Kind"
          data={kindOptions}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('kind')}
        />
        <Select
          label="Status"
          data={projectStatusOptions}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('status')}
        />
        <DateInput
          label="Start date"
          required
          valueFormat="MMM D, YYYY"
          popoverProps={{ withinPortal: true }}
          {...form.getInputProps('startDate')}
        />
        <DateInput
          label="End date"
          required
          valueFormat="MMM D, YYYY"
          popoverProps={{ withinPortal: true }}
          {...form.getInputProps('endDate')}
        />
        <NumberInput
          label="Budget"
          description="The whole budget: media spend and vendor costs."
          min={0}
          decimalScale={2}
          thousandSeparator=","
          leftSection={currencySymbol()}
          allowNegative={false}
          {...form.getInputProps('budget')}
        />
        {values.kind === 'retainer' && (
          <NumberInput
            label="Monthly fee"
            description="Invoiced each month the retainer runs."
            min={0}
            decimalScale={2}
            thousandSeparator=","
            leftSection={currencySymbol()}
            allowNegative={false}
            {...form.getInputProps('monthlyFee')}
          />
        )}
        <Select
          label="Owner"
          placeholder="The account’s owner"
          data={owners}
          searchable
          clearable={!project}
          nothingFoundMessage="Nobody matches."
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('ownerId')}
        />
      </SimpleGrid>
      <UsersPicker
        label="Team members"
        description="The people doing the work; each joins the account’s team."
        value={values.teamMemberIds}
        onChange={(ids) => form.setFieldValue('teamMemberIds', ids)}
        error={form.errors.teamMemberIds}
        comboboxProps={{ withinPortal: true }}
      />
      <Textarea
        label="Scope"
        description="What is and is not included."
        autosize
        minRows={2}
        maxRows={8}
        {...form.getInputProps('scope')}
      />
      <Textarea
        label="Goals"
        description="The client’s goals, in their words."
        autosize
        minRows={2}
        maxRows={8}
        {...form.getInputProps('goals')}
      />
    </FormShell>
  );
}
