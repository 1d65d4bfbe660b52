import { Badge, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { isNotEmpty, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { useDeleteConfirm, useFormModal } from '../../ui/dialogs.ts';
import { FormModal, FormShell } from '../../ui/FormShell.tsx';
import { changedFields, showFieldErrors } from '../../ui/form.ts';
import { addDays, formatDate, formatDay, isoDay, personName } from '../../ui/format.ts';
import { AddButton, NameCell, QueryContent, RecordTable, RowActions } from '../../ui/lists.tsx';
import { notifyFailure } from '../../ui/notify.ts';
import { EmptyState, Toolbar } from '../../ui/states.tsx';
import { contactsQuery } from '../contacts/index.ts';
import { canWorkAccounts, useMe } from '../session/index.ts';
import {
  type ClientRequestKind,
  requestKindLabels,
  requestKindOptions,
  requestStatusColors,
  requestStatusLabels,
} from './labels.ts';
import {
  type ClientRequest,
  clientRequestsQuery,
  deliverablesQuery,
  type Project,
  useCreateClientRequest,
  useDeleteClientRequest,
  useUpdateClientRequest,
} from './projects.api.ts';

/** What the team needs from the client for this project: overdue ones first, in red. */
export function ClientRequestsTab({ project }: { project: Project }) {
  const me = useMe();
  const canEdit = canWorkAccounts(me);
  const list = useQuery(clientRequestsQuery(project.id));
  const contacts = useQuery(contactsQuery(project.accountId));
  const deliverables = useQuery(deliverablesQuery(project.id));
  const update = useUpdateClientRequest();
  const form = useFormModal<ClientRequest>();
  const deleting = useDeleteConfirm(useDeleteClientRequest(), (r) => `${r.title} deleted.`);
  const contactName = (id: string | null) => {
    const c = id ? contacts.data?.find((x) => x.id === id) : undefined;
    return c ? personName(c.firstName, c.lastName) : '—';
  };
  const deliverableName = (id: string | null) =>
    id ? (deliverables.data?.find((d) => d.id === id)?.name ?? '…') : '—';
  const rank = (r: ClientRequest) => (r.status === 'requested' ? (r.overdue ? 0 : 1) : 2);
  const requests = [...(list.data ?? [])].sort(
    (a, b) => rank(a) - rank(b) || a.dueDate.localeCompare(b.dueDate),
  );

  return (
    <Stack gap="md">
      <Toolbar actions={canEdit && <AddButton onClick={() => form.open(null)}>Add request</AddButton>}>
        <Text size="sm" c="dimmed">
          Assets, access, approvals and information the work is waiting for from the client.
        </Text>
      </Toolbar>
      <QueryContent
        query={list}
        what="client requests"
        empty={
          requests.length === 0 && (
            <EmptyState title="No client requests">
              {canEdit ? 'Log what you need from the client, with a due date, to chase it on My day.' : null}
            </EmptyState>
          )
        }
      >
        <RecordTable
          label="Client requests"
          minWidth={900}
          columns={['Request', 'Kind', 'From', 'Due', 'Deliverable', 'Status']}
          withActions={canEdit}
        >
          {requests.map((r) => {
            const nameId = `request-${r.id}`;
            return (
              <Table.Tr key={r.id}>
                <NameCell id={nameId}>{r.title}</NameCell>
                <Table.Td>
                  <Text size="sm">{requestKindLabels[r.kind]}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{contactName(r.requestedFromContactId)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={r.overdue ? 'red' : undefined} fw={r.overdue ? 600 : undefined}>
                    {formatDay(r.dueDate)}
                    {r.overdue ? ` · ${r.daysOverdue} day${r.daysOverdue === 1 ? '' : 's'} overdue` : ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{deliverableName(r.deliverableId)}</Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={r.overdue ? 'red' : requestStatusColors[r.status]}>
                    {requestStatusLabels[r.status]}
                  </Badge>
                  {r.receivedAt && (
                    <Text size="xs" c="dimmed">
                      {formatDate(r.receivedAt)}
                    </Text>
                  )}
                </Table.Td>
                {canEdit && (
                  <RowActions
                    describedBy={nameId}
                    actions={[
                      ...(r.status === 'requested'
                        ? [
                            {
                              label: 'Mark received',
                              onClick: () =>
                                update.mutate(
                                  { request: r, body: { status: 'received' } },
                                  {
                                    onSuccess: () => notifications.show({ message: `${r.title}: received.` }),
                                    onError: notifyFailure('Could not mark it received'),
                                  },
                                ),
                            },
                          ]
                        : []),
                      { label: 'Edit', onClick: () => form.open(r) },
                      { label: 'Delete', color: 'red', onClick: () => deleting.ask(r) },
                    ]}
                  />
                )}
              </Table.Tr>
            );
          })}
        </RecordTable>
      </QueryContent>
      {canEdit && (
        <FormModal
          opened={form.opened}
          onClose={form.close}
          title={form.record ? `Edit ${form.record.title}` : 'New client request'}
        >
          <ClientRequestForm project={project} request={form.record} onDone={form.close} />
        </FormModal>
      )}
      <ConfirmModal {...deleting.modal} title={`Delete ${deleting.item?.title ?? 'the request'}?`}>
        The request “{deleting.item?.title}” is removed for good, and no longer blocks a deliverable or shows
        on My day. If the client sent it, mark it received instead.
      </ConfirmModal>
    </Stack>
  );
}

function ClientRequestForm({
  project,
  request,
  onDone,
}: {
  project: Project;
  request: ClientRequest | null;
  onDone: () => void;
}) {
  const create = useCreateClientRequest();
  const update = useUpdateClientRequest();
  const contacts = useQuery(contactsQuery(project.accountId));
  const deliverables = useQuery(deliverablesQuery(project.id));
  const form = useForm({
    initialValues: {
      kind: request?.kind ?? ('asset' as ClientRequestKind),
      title: request?.title ?? '',
      details: request?.details ?? '',
      requestedFromContactId: request?.requestedFromContactId ?? (null as string | null),
      dueDate: (request?.dueDate ?? addDays(isoDay(), 7)) as string | null,
      deliverableId: request?.deliverableId ?? (null as string | null),
    },
    validate: { title: isNotEmpty('Enter what you need.'), dueDate: isNotEmpty('Pick the due date.') },
  });

  const submit = (v: typeof form.values) => {
    const body = {
      kind: v.kind,
      title: v.title.trim(),
      details: v.details.trim() || null,
      requestedFromContactId: v.requestedFromContactId,
      dueDate: v.dueDate ?? '',
      deliverableId: v.deliverableId,
    };
    const onError = showFieldErrors(form);
    const done = () => {
      notifications.show({ color: 'green', message: request ? 'Request saved.' : 'Request logged.' });
      onDone();
    };
    if (!request)
      return create.mutate(
        { accountId: project.accountId, projectId: project.id, ...body },
        { onSuccess: done, onError },
      );
    const patch = changedFields(request, body);
    if (!patch) return onDone();
    update.mutate({ request, body: patch }, { onSuccess: done, onError });
  };

  return (
    <FormShell
      form={form}
      mutation={request ? update : create}
      onSubmit={submit}
      onCancel={onDone}
      submitLabel={request ? 'Save changes' : 'Add request'}
    >
      <TextInput
        label="Title"
        required
        placeholder="Brand guidelines and logo files"
        data-autofocus
        autoComplete="off"
        {...form.getInputProps('title')}
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <Select
          label="Kind"
          data={requestKindOptions}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('kind')}
        />
        <DateInput
          label="Due date"
          required
          valueFormat="MMM D, YYYY"
          popoverProps={{ withinPortal: true }}
          {...form.getInputProps('dueDate')}
        />
        <Select
          label="Requested from"
          placeholder="A contact of the account"
          data={(contacts.data ?? []).map((c) => ({
            value: c.id,
            label: personName(c.firstName, c.lastName),
          }))}
          searchable
          clearable
          nothingFoundMessage="No contact matches."
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('requestedFromContactId')}
        />
        <Select
          label="Blocks deliverable"
          placeholder="None"
          data={(deliverables.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
          searchable
          clearable
          nothingFoundMessage="No deliverable matches."
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('deliverableId')}
        />
      </SimpleGrid>
      <Textarea label="Details" autosize minRows={2} maxRows={8} {...form.getInputProps('details')} />
    </FormShell>
  );
}
