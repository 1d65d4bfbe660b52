import { Modal, Text, Textarea } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { isNotEmpty, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { FormShell } from '../../ui/FormShell.tsx';
import { showFieldErrors } from '../../ui/form.ts';
import { isoDay } from '../../ui/format.ts';
import type { Opportunity } from '../contracts/index.ts';
import { useUpdateOpportunity } from './opportunities.api.ts';
import { notifyWon, WonDialog } from './WonDialog.tsx';

export type Outcome = 'won' | 'lost';

/**
 * Closes an opportunity: as won in the Won dialog (which shows the contract the win creates, or
 * the one it renews), as lost with the reason (required). The close date is today unless the user
 * says otherwise. Until the user confirms nothing is sent, so a card dropped on a target stays put.
 */
export function CloseOpportunityModal({
  opportunity,
  outcome,
  onClose,
}: {
  opportunity: Opportunity | null;
  outcome: Outcome;
  onClose: () => void;
}) {
  if (outcome === 'won') return <CloseAsWon opportunity={opportunity} onClose={onClose} />;
  return (
    <Modal
      opened={opportunity !== null}
      onClose={onClose}
      title={opportunity ? `Close ${opportunity.name} as lost` : 'Close as lost'}
      centered
    >
      {opportunity && <CloseForm opportunity={opportunity} onDone={onClose} />}
    </Modal>
  );
}

function CloseAsWon({ opportunity, onClose }: { opportunity: Opportunity | null; onClose: () => void }) {
  const update = useUpdateOpportunity();
  const close = () => {
    update.reset();
    onClose();
  };
  return (
    <WonDialog
      deal={opportunity}
      mutation={update}
      onCancel={close}
      onConfirm={(choice, renewedName) => {
        if (!opportunity) return;
        update.mutate(
          { opportunity, body: { stage: 'closed_won', ...choice } },
          {
            onSuccess: () => {
              notifyWon(opportunity, choice, renewedName);
              close();
            },
          },
        );
      }}
    />
  );
}

/** Closes a deal as lost: the reason is required and kept with the deal. */
function CloseForm({ opportunity, onDone }: { opportunity: Opportunity; onDone: () => void }) {
  const update = useUpdateOpportunity();
  const form = useForm({
    initialValues: { closeDate: isoDay() as string | null, lostReason: '' },
    validate: {
      closeDate: isNotEmpty('Pick the day it closed.'),
      lostReason: (v) => (!v.trim() ? 'Say why it was lost.' : null),
    },
  });

  const submit = (v: typeof form.values) =>
    update.mutate(
      {
        opportunity,
        body: { stage: 'closed_lost', closeDate: v.closeDate ?? undefined, lostReason: v.lostReason.trim() },
      },
      {
        onSuccess: (o) => {
          notifications.show({ message: `Lost: ${o.name}` });
          onDone();
        },
        onError: showFieldErrors(form),
      },
    );

  return (
    <FormShell
      form={form}
      mutation={update}
      onSubmit={submit}
      onCancel={onDone}
      submitLabel="Close as lost"
      submitColor="red"
      intro={
        <Text size="sm">
          It leaves the pipeline and the forecast. The reason is kept with the opportunity.
        </Text>
      }
    >
      <Textarea
        label="Why was it lost?"
        required
        data-autofocus
        autosize
        minRows={2}
        maxRows={6}
        {...form.getInputProps('lostReason')}
      />
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
