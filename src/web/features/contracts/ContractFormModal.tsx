import { NumberInput, SegmentedControl, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { isNotEmpty, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { addMonths } from '../../../core/rules/dates.ts';
import { FormModal, FormShell } from '../../ui/FormShell.tsx';
import { changedFields, showFieldErrors, wholeNumber } from '../../ui/form.ts';
import { addDays, currencySymbol, formatMoney, isoDay } from '../../ui/format.ts';
import { ContractLinesInput, type LineRow, lineRules, linesTotal, newLine } from './ContractLinesInput.tsx';
import {
  type ContractBody,
  type ContractPatch,
  useCreateContract,
  useUpdateContract,
} from './contracts.api.ts';
import type { Contract } from './revenue-types.ts';

/** Adds a contract to an account (no `contract`) or changes one. */
export function ContractFormModal({
  opened,
  accountId,
  contract,
  onClose,
}: {
  opened: boolean;
  accountId: string;
  contract: Contract | null;
  onClose: () => void;
}) {
  return (
    <FormModal opened={opened} onClose={onClose} title={contract ? `Edit ${contract.name}` : 'New contract'}>
      <ContractForm accountId={accountId} contract={contract} onDone={onClose} />
    </FormModal>
  );
}

const initialValues = (c: Contract | null) => {
  const start = c?.startDate ?? isoDay();
  return {
    name: c?.name ?? '',
    startDate: start as string | null,
    // A new contract runs a year unless the user says otherwise.
    endDate: (c?.endDate ?? addDays(addMonths(start, 12), -1)) as string | null,
    arr: (c?.arr ?? '') as number | string,
    autoRenew: c?.autoRenew ?? false,
    upliftPercent: (c?.upliftPercent ?? 0) as number | string,
    renewalWindowDays: (c?.renewalWindowDays ?? 120) as number | string,
    status: (c?.status === 'draft' ? 'draft' : 'active') as 'draft' | 'active',
    lines: (c?.lines ?? []).map((l) =>
      newLine({ productId: l.productId, quantity: l.quantity, unitPrice: l.unitPrice }),
    ),
  };
};
type ContractValues = ReturnType<typeof initialValues>;

const rules = {
  name: isNotEmpty('Enter a name.'),
  startDate: isNotEmpty('Pick the first day.'),
  endDate: (v: string | null, values: ContractValues) =>
    !v
      ? 'Pick the last day.'
      : values.startDate && v < values.startDate
        ? 'The end cannot be before the start.'
        : null,
  arr: (v: number | string, values: ContractValues) =>
    values.lines.length === 0 && (v === '' || Number(v) < 0) ? 'Enter an ARR of 0 or more.' : null,
  renewalWindowDays: wholeNumber(0, 730, 'Enter whole days from 0 to 730.'),
  upliftPercent: (v: number | string) =>
    v === '' || Number(v) < -100 || Number(v) > 100 ? 'Enter a percentage from −100 to 100.' : null,
  lines: lineRules,
};

const linesOf = (rows: LineRow[]) =>
  rows.map((r) => ({
    productId: r.productId ?? '',
    quantity: Number(r.quantity),
    unitPrice: Number(r.unitPrice),
  }));
const sameLines = (a: ReturnType<typeof linesOf>, b: Contract['lines']) =>
  a.length === b.length &&
  a.every((l, i) => {
    const o = b[i];
    return o && o.productId === l.productId && o.quantity === l.quantity && o.unitPrice === l.unitPrice;
  });

function ContractForm({
  accountId,
  contract,
  onDone,
}: {
  accountId: string;
  contract: Contract | null;
  onDone: () => void;
}) {
  const create = useCreateContract();
  const update = useUpdateContract();
  const form = useForm({ initialValues: initialValues(contract), validate: rules });
  const { values } = form;
  const editableStatus = !contract || contract.status === 'draft';

  const submit = (v: ContractValues) => {
    const lines = linesOf(v.lines);
    const body: ContractBody = {
      accountId,
      name: v.name.trim(),
      startDate: v.startDate ?? '',
      endDate: v.endDate ?? '',
      ...(lines.length ? {} : { arr: Number(v.arr) }),
      autoRenew: v.autoRenew,
      upliftPercent: Number(v.upliftPercent),
      renewalWindowDays: Number(v.renewalWindowDays),
      ...(editableStatus ? { status: v.status } : {}),
    };
    const onError = showFieldErrors(form);
    const done = (c: Contract) => {
      notifications.show({
        color: 'green',
        message: contract ? `Saved ${c.name}.` : `${c.name} added (${formatMoney(c.arr)} ARR).`,
      });
      onDone();
    };
    if (!contract)
      return create.mutate({ ...body, ...(lines.length ? { lines } : {}) }, { onSuccess: done, onError });
    const { accountId: _fixed, ...rest } = body;
    const patch: ContractPatch = { ...changedFields<ContractPatch>(contract, rest) };
    if (!sameLines(lines, contract.lines)) patch.lines = lines;
    // Without lines the ARR is the user's; it is sent whenever the lines went away or it changed.
    if (!lines.length && contract.lines.length) patch.arr = Number(v.arr);
    if (Object.keys(patch).length === 0) return onDone();
    update.mutate({ contract, body: patch }, { onSuccess: done, onError });
  };

  return (
    <FormShell
      form={form}
      mutation={contract ? update : create}
      onSubmit={submit}
      onCancel={onDone}
      submitLabel={contract ? 'Save changes' : 'Add contract'}
    >
      <TextInput
        label="Name"
        required
        placeholder="Platform subscription 2026"
        data-autofocus
        autoComplete="off"
        {...form.getInputProps('name')}
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
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
        {values.lines.length === 0 ? (
          <NumberInput
            label="ARR"
            required
            min={0}
            decimalScale={2}
            thousandSeparator=","
            leftSection={currencySymbol()}
            allowNegative={false}
            {...form.getInputProps('arr')}
          />
        ) : (
          <Stack gap={2}>
            <Text size="sm" fw={500}>
              ARR
            </Text>
            <Text size="sm">{formatMoney(linesTotal(values.lines))} (from the lines)</Text>
          </Stack>
        )}
        <NumberInput
          label="Renewal window (days)"
          description="How long before the end a renewal opportunity opens."
          min={0}
          max={730}
          allowDecimal={false}
          allowNegative={false}
          {...form.getInputProps('renewalWindowDays')}
        />
      </SimpleGrid>
      <Switch
        label="Renews automatically"
        description="At its end the renewal sweep renews it for the same term, unless its renewal deal was lost or it was cancelled."
        {...form.getInputProps('autoRenew', { type: 'checkbox' })}
      />
      {values.autoRenew && (
        <NumberInput
          label="Uplift at renewal (%)"
          description="The price change an automatic renewal applies (−100 to 100; lines are repriced the same way)."
          min={-100}
          max={100}
          decimalScale={2}
          rightSection="%"
          {...form.getInputProps('upliftPercent')}
        />
      )}
      {editableStatus && (
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Status
          </Text>
          <SegmentedControl
            aria-label="Status"
            data={[
              { value: 'active', label: 'Active' },
              { value: 'draft', label: 'Draft (not counted in ARR)' },
            ]}
            {...form.getInputProps('status')}
          />
        </Stack>
      )}
      <ContractLinesInput form={form} />
    </FormShell>
  );
}
