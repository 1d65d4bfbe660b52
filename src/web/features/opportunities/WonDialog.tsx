import { Alert, Checkbox, Modal, NumberInput, SimpleGrid, Stack, Text } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { isNotEmpty, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { type CotermCandidate, type ProposedContract, proposedContract } from '../../../core/rules/coterm.ts';
import { fieldErrorsOf } from '../../api.ts';
import { FormShell } from '../../ui/FormShell.tsx';
import { currencySymbol, formatDay, formatMoney, isoDay } from '../../ui/format.ts';
import { ErrorState, PageLoader } from '../../ui/states.tsx';
import type { Contract } from '../contracts/index.ts';
import type { OpportunityType } from './labels.ts';
import { activeContractsQuery, renewedContractQuery } from './opportunities.api.ts';

/*
 * The Won dialog (docs/domain-rules.md#winning-a-deal-changes-arr): closing a new business, upsell
 * or cross-sell deal as won creates a contract, co-termed with the account's latest active one; the
 * dialog shows that contract before anything is sent, and lets the user change it or create none.
 * A renewal won renews its contract at the deal's amount; the dialog only says so.
 */

/** The deal being won, as it will be saved (a form's values may differ from the stored deal). */
export interface WonDeal {
  accountId: string;
  name: string;
  type: OpportunityType;
  amount: number;
  /** A renewal's contract, and the co-termed ones it renews with it. */
  contractId: string | null;
  contractIds?: readonly string[];
}

/** What the request adds to the win: the close date and the contract (null: none). */
export interface WonChoice {
  closeDate: string;
  /** Absent for a renewal (the server refuses it there). */
  contract?: { startDate: string; endDate: string; arr: number } | null;
}

/** What the dialog tells the user once the win is saved. */
export function notifyWon(deal: WonDeal, choice: WonChoice, renewedName?: string | null): void {
  const { contract } = choice;
  const message =
    deal.type === 'renewal'
      ? renewedName
        ? `Won — contract ${renewedName} renewed (ARR ${formatMoney(deal.amount)})`
        : `Won: ${deal.name} (${formatMoney(deal.amount)})`
      : contract
        ? `Won — contract ${deal.name} created (ARR ${formatMoney(contract.arr)})`
        : `Won: ${deal.name} (${formatMoney(deal.amount)}), no contract created`;
  notifications.show({ color: 'green', message });
}

/**
 * The dialog. `deal` null: closed. `mutation` is the request the caller sends on confirm (its error
 * shows in the dialog, its button spins while it runs); `onConfirm` gets the user's choice.
 */
export function WonDialog({
  deal,
  closeDate,
  mutation,
  onConfirm,
  onCancel,
}: {
  deal: WonDeal | null;
  /** The close date to start from: today unless the caller knows better. */
  closeDate?: string | null;
  mutation: { error: unknown; isPending: boolean };
  onConfirm: (choice: WonChoice, renewedName: string | null) => void;
  onCancel: () => void;
}) {
  return (
    <Modal opened={deal !== null} onClose={onCancel} title="Close as won" centered size="lg">
      {deal &&
        (deal.type === 'renewal' ? (
          <RenewalWon
            deal={deal}
            closeDate={closeDate}
            mutation={mutation}
            onConfirm={onConfirm}
            onCancel={onCancel}
          />
        ) : (
          <ContractLoader
            deal={deal}
            closeDate={closeDate}
            mutation={mutation}
            onConfirm={onConfirm}
            onCancel={onCancel}
          />
        ))}
    </Modal>
  );
}

interface Props {
  deal: WonDeal;
  closeDate?: string | null;
  mutation: { error: unknown; isPending: boolean };
  onConfirm: (choice: WonChoice, renewedName: string | null) => void;
  onCancel: () => void;
}

function ContractLoader(props: Props) {
  const contracts = useQuery(activeContractsQuery(props.deal.accountId));
  if (contracts.isPending) return <PageLoader label="Loading the account’s contracts…" />;
  if (contracts.isError)
    return (
      <ErrorState
        error={contracts.error}
        title="Could not load the account’s contracts"
        onRetry={() => void contracts.refetch()}
      />
    );
  return <ContractForm {...props} contracts={contracts.data} />;
}

/**
 * The line saying what the contract co-terms with: "Ends with <contract> on <day>", or that it stands
 * alone; when the user moved the end away from the proposal's, that it no longer co-terms.
 */
function cotermLine(
  proposal: ProposedContract,
  contracts: readonly Contract[],
  endDate: string | null,
): string {
  const name = contracts.find((c) => c.id === proposal.cotermWithId)?.name ?? 'the account’s contract';
  if (endDate !== proposal.endDate) {
    const end = endDate ? formatDay(endDate) : '—';
    return proposal.cotermWithId
      ? `Ends on ${end}: not co-termed with ${name}, which ends on ${formatDay(proposal.endDate)}`
      : `Ends on ${end}: no active contract to co-term with`;
  }
  return proposal.cotermWithId
    ? `Ends with ${name} on ${formatDay(proposal.endDate)}`
    : '12-month term: no active contract to co-term with';
}

interface Values {
  closeDate: string | null;
  startDate: string | null;
  endDate: string | null;
  arr: number | string;
  none: boolean;
}

function ContractForm({
  deal,
  closeDate,
  contracts,
  mutation,
  onConfirm,
  onCancel,
}: Props & { contracts: Contract[] }) {
  const candidates: CotermCandidate[] = contracts;
  const first = closeDate ?? isoDay();
  const initial = proposedContract(first, deal.amount, candidates);
  const form = useForm<Values>({
    initialValues: {
      closeDate: first,
      startDate: initial.startDate,
      endDate: initial.endDate,
      arr: initial.arr,
      none: false,
    },
    validate: {
      closeDate: isNotEmpty('Pick the day it closed.'),
      startDate: (v, values) => (values.none || v ? null : 'Pick the first day of the contract.'),
      endDate: (v, values) =>
        values.none
          ? null
          : !v
            ? 'Pick the last day of the contract.'
            : values.startDate && v < values.startDate
              ? 'The contract cannot end before it starts.'
              : null,
      arr: (v, values) => (values.none || (v !== '' && Number(v) >= 0) ? null : 'Enter an ARR of 0 or more.'),
    },
  });
  const { values } = form;
  const proposal = proposedContract(values.closeDate ?? first, deal.amount, candidates);

  // A new close date moves the proposal; the values the user has not changed follow it.
  const onCloseDate = (d: string | null) => {
    const before = proposedContract(values.closeDate ?? first, deal.amount, candidates);
    form.setFieldValue('closeDate', d);
    if (!d) return;
    const after = proposedContract(d, deal.amount, candidates);
    if (values.startDate === before.startDate) form.setFieldValue('startDate', after.startDate);
    if (values.endDate === before.endDate) form.setFieldValue('endDate', after.endDate);
  };

  const submit = (v: Values) =>
    onConfirm(
      {
        closeDate: v.closeDate ?? first,
        contract: v.none
          ? null
          : { startDate: v.startDate ?? first, endDate: v.endDate ?? proposal.endDate, arr: Number(v.arr) },
      },
      null,
    );

  // The server names the contract's fields `contract.startDate` and so on.
  const serverErrors = Object.fromEntries(
    Object.entries(fieldErrorsOf(mutation.error)).map(([path, message]) => [
      path.replace(/^contract\./, ''),
      message,
    ]),
  );
  const errorOf = (field: keyof Values) => form.errors[field] ?? serverErrors[field];

  return (
    <FormShell
      form={form}
      mutation={mutation}
      onSubmit={submit}
      onCancel={onCancel}
      submitLabel="Close as won"
      submitColor="green"
      intro={
        <Text size="sm">
          <Text span fw={600}>
            {deal.name}
          </Text>{' '}
          ({formatMoney(deal.amount)}) counts as closed won in the forecast of its close date, and
          {values.none ? ' creates no contract.' : ' creates this contract for the account:'}
        </Text>
      }
    >
      <DateInput
        label="Closed on"
        required
        valueFormat="MMM D, YYYY"
        popoverProps={{ withinPortal: true }}
        {...form.getInputProps('closeDate')}
        error={errorOf('closeDate')}
        onChange={onCloseDate}
      />
      <Stack gap="xs" data-testid="won-contract" aria-label="The contract the win creates" role="group">
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
          <DateInput
            label="Start date"
            required
            disabled={values.none}
            valueFormat="MMM D, YYYY"
            popoverProps={{ withinPortal: true }}
            {...form.getInputProps('startDate')}
            error={errorOf('startDate')}
          />
          <DateInput
            label="End date"
            required
            disabled={values.none}
            valueFormat="MMM D, YYYY"
            popoverProps={{ withinPortal: true }}
            {...form.getInputProps('endDate')}
            error={errorOf('endDate')}
          />
          <NumberInput
            label="ARR"
            required
            disabled={values.none}
            min={0}
            decimalScale={2}
            thousandSeparator=","
            leftSection={currencySymbol()}
            allowNegative={false}
            {...form.getInputProps('arr')}
            error={errorOf('arr')}
          />
        </SimpleGrid>
        {!values.none && (
          <Text size="sm" c="dimmed" data-testid="won-coterm">
            {cotermLine(proposal, contracts, values.endDate)}
          </Text>
        )}
        {!values.none && values.arr !== '' && Number(values.arr) !== deal.amount && (
          <Text size="sm" c="dimmed">
            ARR other than the deal’s amount, {formatMoney(deal.amount)}.
          </Text>
        )}
      </Stack>
      <Checkbox
        label="Don’t create a contract (one-off service)"
        {...form.getInputProps('none', { type: 'checkbox' })}
      />
    </FormShell>
  );
}

/** A renewal: winning it renews its contract at the deal's amount. Nothing to edit but the day. */
function RenewalWon({ deal, closeDate, mutation, onConfirm, onCancel }: Props) {
  const contract = useQuery({
    ...renewedContractQuery(deal.contractId ?? ''),
    enabled: Boolean(deal.contractId),
  });
  const form = useForm({
    initialValues: { closeDate: (closeDate ?? isoDay()) as string | null },
    validate: { closeDate: isNotEmpty('Pick the day it closed.') },
  });
  if (deal.contractId && contract.isPending) return <PageLoader label="Loading the contract…" />;
  const name = contract.data?.name ?? null;
  const others = (deal.contractIds ?? []).filter((id) => id !== deal.contractId).length;

  return (
    <FormShell
      form={form}
      mutation={mutation}
      onSubmit={(v) => onConfirm({ closeDate: v.closeDate ?? isoDay() }, name)}
      onCancel={onCancel}
      submitLabel="Close as won"
      submitColor="green"
      intro={
        deal.contractId ? (
          contract.isError ? (
            <Alert color="yellow" variant="light">
              Winning {deal.name} renews its contract at {formatMoney(deal.amount)} ARR (the contract could
              not be loaded).
            </Alert>
          ) : (
            <Text size="sm" data-testid="won-renewal">
              Renews contract{' '}
              <Text span fw={600}>
                {name}
              </Text>
              {others > 0 && ` (and ${others} co-termed contract${others === 1 ? '' : 's'})`} at{' '}
              {formatMoney(deal.amount)} ARR
              {contract.data ? `, from ${formatMoney(contract.data.arr)} now` : ''}.
            </Text>
          )
        ) : (
          <Text size="sm" data-testid="won-renewal">
            {deal.name} names no contract: winning it renews none. It counts as {formatMoney(deal.amount)}{' '}
            closed won in the forecast.
          </Text>
        )
      }
    >
      <DateInput
        label="Closed on"
        required
        valueFormat="MMM D, YYYY"
        popoverProps={{ withinPortal: true }}
        {...form.getInputProps('closeDate')}
      />
    </FormShell>
  );
}
