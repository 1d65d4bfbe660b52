import { Modal, NumberInput, SimpleGrid, Text } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { isNotEmpty, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { FormShell } from '../../ui/FormShell.tsx';
import { showFieldErrors } from '../../ui/form.ts';
import { currencySymbol, formatDay, formatMoney } from '../../ui/format.ts';
import { ErrorState, PageLoader } from '../../ui/states.tsx';
import { contractQuery, useRenewContract } from './contracts.api.ts';
import type { Contract } from './revenue-types.ts';
import { renewalDefaults, sameTermEnd, termLabel } from './terms.ts';

/** Which contract to renew: its id and account (the dialog reads the rest). */
export interface RenewTarget {
  contractId: string;
  accountId: string;
  accountName?: string;
}

/** Renews a contract: new dates and ARR, by default the next day, the same term and the same ARR. */
export function RenewContractModal({
  target,
  onClose,
  onRenewed,
}: {
  target: RenewTarget | null;
  onClose: () => void;
  onRenewed?: (renewed: Contract) => void;
}) {
  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      title={target?.accountName ? `Renew the contract of ${target.accountName}` : 'Renew contract'}
      centered
    >
      {target && <RenewLoader target={target} onDone={onClose} onRenewed={onRenewed} />}
    </Modal>
  );
}

function RenewLoader({
  target,
  onDone,
  onRenewed,
}: {
  target: RenewTarget;
  onDone: () => void;
  onRenewed?: (renewed: Contract) => void;
}) {
  const contract = useQuery(contractQuery(target.contractId));
  if (contract.isPending) return <PageLoader label="Loading the contract…" />;
  if (contract.isError)
    return (
      <ErrorState
        error={contract.error}
        title="Could not load the contract"
        onRetry={() => void contract.refetch()}
      />
    );
  return <RenewForm contract={contract.data} onDone={onDone} onRenewed={onRenewed} />;
}

function RenewForm({
  contract,
  onDone,
  onRenewed,
}: {
  contract: Contract;
  onDone: () => void;
  onRenewed?: (renewed: Contract) => void;
}) {
  const renew = useRenewContract();
  const [endPicked, setEndPicked] = useState(false);
  const defaults = renewalDefaults(contract);
  const form = useForm({
    initialValues: {
      startDate: defaults.startDate as string | null,
      endDate: defaults.endDate as string | null,
      arr: defaults.arr as number | string,
    },
    validate: {
      startDate: isNotEmpty('Pick the first day of the new term.'),
      endDate: (v, values) =>
        !v
          ? 'Pick the last day of the new term.'
          : values.startDate && v < values.startDate
            ? 'The new term cannot end before it starts.'
            : null,
      arr: (v) => (v === '' || Number(v) < 0 ? 'Enter an ARR of 0 or more.' : null),
    },
  });
  const arr = Number(form.values.arr || 0);
  const change = arr - contract.arr;

  const submit = (v: typeof form.values) =>
    renew.mutate(
      {
        contract,
        body: { startDate: v.startDate ?? undefined, endDate: v.endDate ?? '', arr: Number(v.arr) },
      },
      {
        onSuccess: (renewed) => {
          notifications.show({
            color: 'green',
            message: `Renewed until ${formatDay(renewed.endDate)} at ${formatMoney(renewed.arr)} ARR.`,
          });
          onRenewed?.(renewed);
          onDone();
        },
        onError: showFieldErrors(form),
      },
    );

  return (
    <FormShell
      form={form}
      mutation={renew}
      onSubmit={submit}
      onCancel={onDone}
      submitLabel="Renew"
      intro={
        <Text size="sm">
          {contract.name}: {formatDay(contract.startDate)} to {formatDay(contract.endDate)} (
          {termLabel(contract.startDate, contract.endDate)}), {formatMoney(contract.arr)} ARR. Its open
          renewal opportunity is closed as won.
        </Text>
      }
    >
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <DateInput
          label="New start date"
          required
          valueFormat="MMM D, YYYY"
          popoverProps={{ withinPortal: true }}
          {...form.getInputProps('startDate')}
          onChange={(d) => {
            form.setFieldValue('startDate', d);
            // The end follows the start until the user picks an end of their own.
            if (d && !endPicked)
              form.setFieldValue('endDate', sameTermEnd(contract.startDate, contract.endDate, d));
          }}
        />
        <DateInput
          label="New end date"
          required
          valueFormat="MMM D, YYYY"
          popoverProps={{ withinPortal: true }}
          {...form.getInputProps('endDate')}
          onChange={(d) => {
            setEndPicked(true);
            form.setFieldValue('endDate', d);
          }}
        />
      </SimpleGrid>
      <NumberInput
        label="New ARR"
        required
        min={0}
        decimalScale={2}
        thousandSeparator=","
        leftSection={currencySymbol()}
        allowNegative={false}
        data-autofocus
        description={
          change === 0
            ? 'The same ARR as now.'
            : `${change > 0 ? '+' : '−'}${formatMoney(Math.abs(change))} against now (${change > 0 ? 'expansion' : 'contraction'}).`
        }
        {...form.getInputProps('arr')}
      />
    </FormShell>
  );
}
