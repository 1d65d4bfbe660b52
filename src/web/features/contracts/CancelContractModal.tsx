import { Modal, Text, Textarea } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { isNotEmpty, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { FormShell } from '../../ui/FormShell.tsx';
import { showFieldErrors } from '../../ui/form.ts';
import { addDays, formatDay, formatMoney, isoDay } from '../../ui/format.ts';
import { useCancelContract } from './contracts.api.ts';
import type { Contract } from './revenue-types.ts';

/**
 * Cancels a contract from a day on (its ARR stops counting that day, at most the day after its
 * end), with the reason. A day after today is a notice: the contract stays active until then.
 */
export function CancelContractModal({
  contract,
  onClose,
}: {
  contract: Contract | null;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={contract !== null}
      onClose={onClose}
      title={contract ? `Cancel ${contract.name}` : 'Cancel contract'}
      centered
    >
      {contract && <CancelForm contract={contract} onDone={onClose} />}
    </Modal>
  );
}

function CancelForm({ contract, onDone }: { contract: Contract; onDone: () => void }) {
  const cancel = useCancelContract();
  const today = isoDay();
  const latest = addDays(contract.endDate, 1);
  const form = useForm({
    initialValues: { cancelledOn: isoDay() as string | null, reason: '' },
    validate: {
      cancelledOn: isNotEmpty('Pick the day the contract stops.'),
      reason: isNotEmpty('Say why the contract is cancelled.'),
    },
  });
  const submit = (v: typeof form.values) =>
    cancel.mutate(
      { contract, body: { cancelledOn: v.cancelledOn ?? '', reason: v.reason.trim() } },
      {
        onSuccess: (c) => {
          notifications.show({
            message:
              c.status === 'active'
                ? `Notice given: ${c.name} stays active until ${formatDay(c.cancelledOn)}.`
                : `${c.name} is cancelled from ${formatDay(c.cancelledOn)}.`,
          });
          onDone();
        },
        onError: showFieldErrors(form),
      },
    );

  const notice = contract.status === 'active' && (form.values.cancelledOn ?? '') > today;
  return (
    <FormShell
      form={form}
      mutation={cancel}
      onSubmit={submit}
      onCancel={onDone}
      submitLabel="Cancel contract"
      submitColor="red"
      intro={
        <Text size="sm">
          {formatMoney(contract.arr)} ARR stops counting on the cancellation day. The contract runs{' '}
          {formatDay(contract.startDate)} to {formatDay(contract.endDate)}.
        </Text>
      }
    >
      <DateInput
        label="Cancelled on"
        required
        valueFormat="MMM D, YYYY"
        popoverProps={{ withinPortal: true }}
        maxDate={latest}
        description={
          notice
            ? `A notice: the contract stays active and counts until ${formatDay(form.values.cancelledOn)}, then the renewal sweep cancels it. Its open renewal deal is lost now.`
            : `At the latest ${formatDay(latest)}, the day after the end (for an automatic renewal: the notice of non-renewal).`
        }
        {...form.getInputProps('cancelledOn')}
      />
      <Textarea
        label="Reason"
        required
        data-autofocus
        autosize
        minRows={2}
        maxRows={6}
        {...form.getInputProps('reason')}
      />
    </FormShell>
  );
}
