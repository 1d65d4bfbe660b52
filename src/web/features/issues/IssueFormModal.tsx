import { Select, SimpleGrid, Text, Textarea, TextInput } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { isNotEmpty, type UseFormReturnType, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import dayjs from 'dayjs';
import { slaDueAt } from '../../../core/rules/sla.ts';
import { FormModal, FormShell } from '../../ui/FormShell.tsx';
import { changedFields, showFieldErrors } from '../../ui/form.ts';
import { formatDateTime, personName } from '../../ui/format.ts';
import { AccountSelect } from '../accounts/index.ts';
import { contactsQuery } from '../contacts/index.ts';
import { useMe } from '../session/index.ts';
import { userDirectoryQuery } from '../users/index.ts';
import {
  type Issue,
  type IssueBody,
  slaSettingsQuery,
  useCreateIssue,
  useUpdateIssue,
} from './issues.api.ts';
import { type InternalTeam, type Severity, severityOptions, teamOptions } from './labels.ts';

const pickerFormat = 'YYYY-MM-DD HH:mm:ss';

/**
 * Opens an issue (no `issue`; on `accountId`, or on an account picked in the form) or changes one.
 * A new issue's page opens once it is saved.
 */
export function IssueFormModal({
  opened,
  accountId,
  issue,
  onClose,
}: {
  opened: boolean;
  accountId: string | null;
  issue: Issue | null;
  onClose: () => void;
}) {
  return (
    <FormModal opened={opened} onClose={onClose} title={issue ? 'Edit issue' : 'New issue'}>
      <IssueForm accountId={accountId} issue={issue} onDone={onClose} />
    </FormModal>
  );
}

const initialValues = (issue: Issue | null, accountId: string | null) => ({
  accountId: issue?.accountId ?? accountId,
  title: issue?.title ?? '',
  severity: issue?.severity ?? ('p3' as Severity),
  internalTeam: issue?.internalTeam ?? (null as InternalTeam | null),
  assigneeId: issue?.assigneeId ?? (null as string | null),
  reportedByContactId: issue?.reportedByContactId ?? (null as string | null),
  // Empty means "now" at the moment of saving.
  openedAt: issue ? dayjs(issue.openedAt).format(pickerFormat) : (null as string | null),
  description: issue?.description ?? '',
});
type IssueValues = ReturnType<typeof initialValues>;

const rules = {
  accountId: isNotEmpty('Pick the account.'),
  title: isNotEmpty('Enter a title.'),
};

function IssueForm({
  accountId,
  issue,
  onDone,
}: {
  accountId: string | null;
  issue: Issue | null;
  onDone: () => void;
}) {
  const create = useCreateIssue();
  const update = useUpdateIssue();
  const navigate = useNavigate();
  const form = useForm({ initialValues: initialValues(issue, accountId), validate: rules });

  const submit = (values: IssueValues) => {
    const body: IssueBody = {
      ...values,
      accountId: values.accountId ?? '',
      title: values.title.trim(),
      description: values.description.trim() || null,
      openedAt: values.openedAt ? dayjs(values.openedAt).toDate().toISOString() : undefined,
    };
    const onError = showFieldErrors(form);
    if (!issue)
      return create.mutate(body, {
        onSuccess: (i) => {
          notifications.show({ color: 'green', message: `Issue opened: ${i.title}` });
          onDone();
          void navigate({ to: '/issues/$issueId', params: { issueId: i.id } });
        },
        onError,
      });
    const { accountId: _account, ...rest } = body;
    const patch = changedFields(issue, { ...rest, openedAt: rest.openedAt ?? issue.openedAt });
    if (!patch) return onDone();
    update.mutate(
      { issue, body: patch },
      {
        onSuccess: (i) => {
          notifications.show({ color: 'green', message: `Saved ${i.title}.` });
          onDone();
        },
        onError,
      },
    );
  };

  return (
    <FormShell
      form={form}
      mutation={issue ? update : create}
      onSubmit={submit}
      onCancel={onDone}
      submitLabel={issue ? 'Save changes' : 'Open issue'}
      ctrlEnter
    >
      <IssueFields form={form} pickAccount={!issue && !accountId} />
    </FormShell>
  );
}

function IssueFields({ form, pickAccount }: { form: UseFormReturnType<IssueValues>; pickAccount: boolean }) {
  const me = useMe();
  const users = useQuery(userDirectoryQuery);
  const sla = useQuery(slaSettingsQuery);
  const { accountId, severity, openedAt } = form.values;
  const contacts = useQuery({ ...contactsQuery(accountId ?? ''), enabled: Boolean(accountId) });
  // Active people, and whoever is assigned already even if they have left since.
  const people = (users.data ?? [])
    .filter((u) => u.active || u.id === form.values.assigneeId)
    .map((u) => ({
      value: u.id,
      label: u.id === me.id ? `${u.name} (me)` : u.name,
    }));
  const hours = sla.data ? sla.data[severity] : null;
  const dueAt = sla.data ? slaDueAt(dayjs(openedAt ?? undefined).toDate(), severity, sla.data) : null;

  return (
    <>
      {pickAccount && (
        <AccountSelect
          label="Account"
          required
          data-autofocus
          value={form.values.accountId}
          error={form.errors.accountId}
          onChange={(v) => {
            form.setFieldValue('accountId', v);
            form.setFieldValue('reportedByContactId', null);
          }}
        />
      )}
      <TextInput
        label="Title"
        required
        autoComplete="off"
        data-autofocus={pickAccount ? undefined : true}
        {...form.getInputProps('title')}
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <Select
          label="Severity"
          data={severityOptions}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          description={
            hours !== null && dueAt ? `SLA ${hours} h: due ${formatDateTime(dueAt)}` : 'Sets the SLA'
          }
          {...form.getInputProps('severity')}
        />
        <Select
          label="Internal team"
          placeholder="Not yet assigned"
          data={teamOptions}
          clearable
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('internalTeam')}
        />
        <Select
          label="Assignee"
          placeholder="Unassigned"
          data={people}
          searchable
          clearable
          nothingFoundMessage="Nobody matches."
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('assigneeId')}
        />
        <Select
          label="Reported by"
          placeholder={accountId ? 'A contact of the account' : 'Pick the account first'}
          data={(contacts.data ?? []).map((c) => ({
            value: c.id,
            label: personName(c.firstName, c.lastName),
          }))}
          disabled={!accountId}
          searchable
          clearable
          nothingFoundMessage="No contact matches."
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('reportedByContactId')}
        />
        <DateTimePicker
          label="Opened"
          placeholder="Now"
          valueFormat="MMM D, YYYY HH:mm"
          clearable
          maxDate={dayjs().toDate()}
          popoverProps={{ withinPortal: true }}
          {...form.getInputProps('openedAt')}
        />
      </SimpleGrid>
      <Textarea
        label="Description"
        placeholder="What the client sees, since when, what they need"
        autosize
        minRows={3}
        maxRows={10}
        {...form.getInputProps('description')}
      />
      <Text size="xs" c="dimmed">
        Ctrl + Enter saves.
      </Text>
    </>
  );
}
