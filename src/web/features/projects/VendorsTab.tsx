import {
  Badge,
  Box,
  NumberInput,
  Rating,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { isNotEmpty, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { useDeleteConfirm, useFormModal } from '../../ui/dialogs.ts';
import { FormModal, FormShell } from '../../ui/FormShell.tsx';
import { changedFields, showFieldErrors } from '../../ui/form.ts';
import { currencySymbol, formatDay, formatMoney } from '../../ui/format.ts';
import { AddButton, NameCell, QueryContent, RecordTable, RowActions } from '../../ui/lists.tsx';
import { EmptyState, Toolbar } from '../../ui/states.tsx';
import { canWorkAccounts, useMe } from '../session/index.ts';
import {
  type EngagementStatus,
  engagementStatusColors,
  engagementStatusLabels,
  engagementStatusOptions,
} from './labels.ts';
import {
  type Engagement,
  engagementsQuery,
  type Project,
  useCreateEngagement,
  useDeleteEngagement,
  useUpdateEngagement,
  vendorsQuery,
} from './projects.api.ts';

/** The vendors engaged on the project: what each does, its cost, when it is due and how it went. */
export function VendorsTab({ project }: { project: Project }) {
  const me = useMe();
  const canEdit = canWorkAccounts(me);
  const list = useQuery(engagementsQuery(project.id));
  const form = useFormModal<Engagement>();
  const deleting = useDeleteConfirm(useDeleteEngagement(), (e) => `${e.vendorName}’s engagement deleted.`);
  const engagements = [...(list.data ?? [])].sort((a, b) =>
    (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'),
  );
  const total = (s: EngagementStatus[]) =>
    engagements.filter((e) => s.includes(e.status)).reduce((sum, e) => sum + e.cost, 0);

  return (
    <Stack gap="md">
      <Toolbar actions={canEdit && <AddButton onClick={() => form.open(null)}>Add engagement</AddButton>}>
        <Text size="sm" c="dimmed">
          Delivered: {formatMoney(total(['delivered']))} · committed:{' '}
          {formatMoney(total(['contracted', 'in_progress']))}
        </Text>
      </Toolbar>
      <QueryContent
        query={list}
        what="vendor engagements"
        empty={
          engagements.length === 0 && (
            <EmptyState title="No vendors engaged">
              {canEdit ? 'Add the freelancers, studios and suppliers working on this project.' : null}
            </EmptyState>
          )
        }
      >
        <RecordTable
          label="Vendor engagements"
          minWidth={960}
          columns={['Vendor', 'Scope', 'Cost', 'Due', 'Status', 'Delivered on', 'Rating']}
          withActions={canEdit}
        >
          {engagements.map((e) => {
            const nameId = `engagement-${e.id}`;
            return (
              <Table.Tr key={e.id}>
                <NameCell id={nameId}>{e.vendorName}</NameCell>
                <Table.Td>
                  <Text size="sm" lineClamp={2}>
                    {e.scope ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatMoney(e.cost)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDay(e.dueDate)}</Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={engagementStatusColors[e.status]}>
                    {engagementStatusLabels[e.status]}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text
                    size="sm"
                    c={e.deliveredOn && e.dueDate && e.deliveredOn > e.dueDate ? 'orange' : undefined}
                  >
                    {formatDay(e.deliveredOn)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {e.rating === null ? (
                    <Text size="sm" c="dimmed">
                      —
                    </Text>
                  ) : (
                    <Box role="img" aria-label={`Rated ${e.rating} of 5`} w="fit-content">
                      <Rating value={e.rating} readOnly size="sm" />
                    </Box>
                  )}
                </Table.Td>
                {canEdit && (
                  <RowActions
                    describedBy={nameId}
                    actions={[
                      { label: 'Edit', onClick: () => form.open(e) },
                      { label: 'Delete', color: 'red', onClick: () => deleting.ask(e) },
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
          title={form.record ? `Edit ${form.record.vendorName}’s engagement` : 'New vendor engagement'}
        >
          <EngagementForm project={project} engagement={form.record} onDone={form.close} />
        </FormModal>
      )}
      <ConfirmModal
        {...deleting.modal}
        title={`Delete ${deleting.item ? `${deleting.item.vendorName}’s engagement` : 'the engagement'}?`}
      >
        The engagement is removed for good: its cost leaves the project’s budget and its rating leaves{' '}
        {deleting.item?.vendorName ?? 'the vendor'}’s record. To keep a record of it, cancel it instead.
      </ConfirmModal>
    </Stack>
  );
}

function EngagementForm({
  project,
  engagement,
  onDone,
}: {
  project: Project;
  engagement: Engagement | null;
  onDone: () => void;
}) {
  const create = useCreateEngagement(project.accountId);
  const update = useUpdateEngagement();
  const vendors = useQuery(vendorsQuery);
  const form = useForm({
    initialValues: {
      vendorId: engagement?.vendorId ?? (null as string | null),
      scope: engagement?.scope ?? '',
      cost: (engagement?.cost ?? '') as number | string,
      dueDate: engagement?.dueDate ?? (null as string | null),
      status: engagement?.status ?? ('proposed' as EngagementStatus),
      deliveredOn: engagement?.deliveredOn ?? (null as string | null),
      rating: engagement?.rating ?? 0,
      notes: engagement?.notes ?? '',
    },
    validate: {
      vendorId: isNotEmpty('Pick the vendor.'),
      cost: (v: number | string) => (v === '' || Number(v) < 0 ? 'Enter a cost of 0 or more.' : null),
    },
  });
  const delivered = form.values.status === 'delivered';
  const vendorOptions = (vendors.data ?? [])
    .filter((v) => v.active || v.id === form.values.vendorId)
    .map((v) => ({ value: v.id, label: v.category ? `${v.name} · ${v.category}` : v.name }));

  const submit = (v: typeof form.values) => {
    const body = {
      scope: v.scope.trim() || null,
      cost: Number(v.cost),
      dueDate: v.dueDate,
      status: v.status,
      // Delivered without a date: the server takes today.
      ...(delivered ? (v.deliveredOn ? { deliveredOn: v.deliveredOn } : {}) : { deliveredOn: null }),
      rating: delivered && v.rating > 0 ? v.rating : null,
      notes: v.notes.trim() || null,
    };
    const onError = showFieldErrors(form);
    const done = () => {
      notifications.show({ color: 'green', message: engagement ? 'Engagement saved.' : 'Vendor engaged.' });
      onDone();
    };
    if (!engagement)
      return create.mutate(
        { vendorId: v.vendorId ?? '', projectId: project.id, ...body },
        { onSuccess: done, onError },
      );
    const patch = changedFields(engagement, body);
    if (!patch) return onDone();
    update.mutate({ engagement, body: patch }, { onSuccess: done, onError });
  };

  return (
    <FormShell
      form={form}
      mutation={engagement ? update : create}
      onSubmit={submit}
      onCancel={onDone}
      submitLabel={engagement ? 'Save changes' : 'Add engagement'}
    >
      {!engagement && (
        <Select
          label="Vendor"
          required
          placeholder={vendors.isPending ? 'Loading…' : 'Pick a vendor'}
          data={vendorOptions}
          searchable
          nothingFoundMessage="No vendor matches. Add vendors to the directory first."
          comboboxProps={{ withinPortal: true }}
          data-autofocus
          {...form.getInputProps('vendorId')}
        />
      )}
      <TextInput label="Scope" placeholder="Product photography, 40 shots" {...form.getInputProps('scope')} />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <NumberInput
          label="Cost"
          required
          min={0}
          decimalScale={2}
          thousandSeparator=","
          leftSection={currencySymbol()}
          allowNegative={false}
          {...form.getInputProps('cost')}
        />
        <DateInput
          label="Due date"
          placeholder="No due date"
          valueFormat="MMM D, YYYY"
          clearable
          popoverProps={{ withinPortal: true }}
          {...form.getInputProps('dueDate')}
        />
        <Select
          label="Status"
          data={engagementStatusOptions}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('status')}
        />
        {delivered && (
          <DateInput
            label="Delivered on"
            placeholder="Today"
            valueFormat="MMM D, YYYY"
            clearable
            popoverProps={{ withinPortal: true }}
            {...form.getInputProps('deliveredOn')}
          />
        )}
      </SimpleGrid>
      {delivered && (
        <Stack gap={4}>
          <Text size="sm" fw={500} id="engagement-rating">
            Rating
          </Text>
          <Rating
            aria-labelledby="engagement-rating"
            getSymbolLabel={(n) => `${n} star${n === 1 ? '' : 's'}`}
            value={form.values.rating}
            onChange={(r) => form.setFieldValue('rating', r)}
          />
          {form.errors.rating && (
            <Text size="xs" c="red">
              {form.errors.rating}
            </Text>
          )}
        </Stack>
      )}
      <Textarea label="Notes" autosize minRows={2} maxRows={6} {...form.getInputProps('notes')} />
    </FormShell>
  );
}
