import { Button, Group, Modal, NumberInput, Select, Stack, Table, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { showFieldErrors } from '../../ui/form.ts';
import { currencySymbol, formatDay, formatMoney } from '../../ui/format.ts';
import { QueryContent } from '../../ui/lists.tsx';
import { notifyFailure } from '../../ui/notify.ts';
import { FormError } from '../../ui/states.tsx';
import { ownerRoles } from '../accounts/index.ts';
import { useMe } from '../session/index.ts';
import { teamsQuery, userDirectoryQuery } from '../users/index.ts';
import type { Period } from './periods.ts';
import { type QuotaKind, quotasQuery, useDeleteQuota, useSaveQuota } from './quotas.api.ts';

const kindLabels: Record<QuotaKind, string> = { new_arr: 'new ARR', renewal: 'renewal' };

/** Sets the quotas of a period and kind: one amount per person; setting one again changes it. */
export function QuotasModal({
  opened,
  onClose,
  period,
  periodLabel,
  kind,
}: {
  opened: boolean;
  onClose: () => void;
  period: Period;
  periodLabel: string;
  kind: QuotaKind;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={`Quotas for ${periodLabel}: ${kindLabels[kind]}`}
      size="lg"
    >
      {opened && <QuotasEditor period={period} kind={kind} />}
    </Modal>
  );
}

/** People whose quota the user may set: anyone who sells for an admin; a manager's team members and themself. */
function useQuotaPeople() {
  const me = useMe();
  const users = useQuery(userDirectoryQuery);
  const teams = useQuery(teamsQuery);
  const managed = new Set(
    (teams.data ?? []).filter((t) => t.managerIds.includes(me.id)).flatMap((t) => t.memberIds),
  );
  return (users.data ?? []).filter(
    (u) => u.active && ownerRoles.has(u.role) && (me.role === 'admin' || u.id === me.id || managed.has(u.id)),
  );
}

function QuotasEditor({ period, kind }: { period: Period; kind: QuotaKind }) {
  const quotas = useQuery(quotasQuery(period.from, period.to, kind));
  const users = useQuery(userDirectoryQuery);
  const people = useQuotaPeople();
  const save = useSaveQuota();
  const remove = useDeleteQuota();
  const form = useForm({
    initialValues: { userId: null as string | null, amount: '' as number | string },
    validate: {
      userId: (v) => (v ? null : 'Pick a person.'),
      amount: (v) => (v === '' || Number(v) < 0 ? 'Enter an amount of 0 or more.' : null),
    },
  });
  const nameOf = (id: string) => users.data?.find((u) => u.id === id)?.name ?? '…';
  const list = [...(quotas.data ?? [])].sort((a, b) => nameOf(a.userId).localeCompare(nameOf(b.userId)));
  /** The person's quota for exactly this period, which a new amount replaces. */
  const existing = (userId: string | null) =>
    list.find((q) => q.userId === userId && q.periodStart === period.from && q.periodEnd === period.to) ??
    null;

  const submit = (v: typeof form.values) =>
    save.mutate(
      {
        quota: existing(v.userId),
        body: {
          userId: v.userId ?? '',
          periodStart: period.from,
          periodEnd: period.to,
          kind,
          amount: Number(v.amount),
        },
      },
      {
        onSuccess: (q) => {
          notifications.show({
            color: 'green',
            message: `Quota set: ${nameOf(q.userId)}, ${formatMoney(q.amount)}.`,
          });
          form.reset();
        },
        onError: showFieldErrors(form),
      },
    );

  return (
    <Stack gap="md">
      <QueryContent
        query={quotas}
        what="quotas"
        empty={
          list.length === 0 && (
            <Text size="sm" c="dimmed">
              No {kindLabels[kind]} quota covers this period yet.
            </Text>
          )
        }
      >
        <Table aria-label="Quotas" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Person</Table.Th>
              <Table.Th>Period</Table.Th>
              <Table.Th ta="right">Amount</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((q) => (
              <Table.Tr key={q.id}>
                <Table.Td>{nameOf(q.userId)}</Table.Td>
                <Table.Td>
                  {formatDay(q.periodStart)} – {formatDay(q.periodEnd)}
                </Table.Td>
                <Table.Td ta="right">{formatMoney(q.amount)}</Table.Td>
                <Table.Td ta="right">
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    aria-label={`Remove the quota of ${nameOf(q.userId)}`}
                    loading={remove.isPending && remove.variables?.id === q.id}
                    onClick={() => remove.mutate(q, { onError: notifyFailure('Could not remove the quota') })}
                  >
                    Remove
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </QueryContent>
      <form noValidate onSubmit={form.onSubmit(submit)}>
        <Stack gap="sm">
          <FormError error={save.error} fields={['userId', 'amount']} />
          <Group align="flex-end" gap="sm" wrap="wrap">
            <Select
              label="Person"
              data={people.map((u) => ({ value: u.id, label: u.name }))}
              searchable
              nothingFoundMessage="Nobody matches."
              comboboxProps={{ withinPortal: true }}
              style={{ flex: '1 1 200px' }}
              {...form.getInputProps('userId')}
              onChange={(id) => {
                form.setFieldValue('userId', id);
                const q = existing(id);
                if (q) form.setFieldValue('amount', q.amount);
              }}
            />
            <NumberInput
              label="Amount"
              min={0}
              decimalScale={2}
              thousandSeparator=","
              leftSection={currencySymbol()}
              allowNegative={false}
              style={{ flex: '1 1 140px' }}
              {...form.getInputProps('amount')}
            />
            <Button type="submit" loading={save.isPending}>
              {existing(form.values.userId) ? 'Change quota' : 'Set quota'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
