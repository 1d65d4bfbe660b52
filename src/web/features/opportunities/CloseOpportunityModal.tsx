import { Modal, Text, Textarea } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { isNotEmpty, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { FormShell } from '../../ui/FormShell.tsx';
import { showFieldErrors } from '../../ui/form.ts';
import { formatMoney, isoDay } from '../../ui/format.ts';
import type { Opportunity } from '../contracts/index.ts';
import { useUpdateOpportunity } from './opportunities.api.ts';

export type Outcome = 'won' | 'lost';

/**
 * Closes an opportunity: as won after a confirmation, as lost with the reason (required). The close
 * date is today unless the user says otherwise.
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
  const title = opportunity
    ? `Close ${opportunity.name} as ${outcome}`
    : outcome === 'won'
      ? 'Close as won'
      : 'Close as lost';
  return (
    <Modal opened={opportunity !== null} onClose={onClose} title={title} centered>
      {opportunity && <CloseForm opportunity={opportunity} outcome={outcome} onDone={onClose} />}
    </Modal>
  );
}

function CloseForm({
  opportunity,
  outcome,
  onDone,
}: {
  opportunity: Opportunity;
  outcome: Outcome;
  onDone: () => void;
}) {
  const update = useUpdateOpportunity();
  const form = useForm({
    initialValues: { closeDate: isoDay() as string | null, lostReason: '' },
    validate: {
      closeDate: isNotEmpty('Pick the day it closed.'),
      lostReason: (v) => (outcome === 'lost' && !v.trim() ? 'Say why it was lost.' : null),
    },
  });

  const submit = (v: typeof form.values) => {
    const body =
      outcome === 'won'
        ? { stage: 'closed_won' as const, closeDate: v.closeDate ?? undefined }
        : {
            stage: 'closed_lost' as const,
            closeDate: v.closeDate ?? undefined,
            lostReason: v.lostReason.trim(),
          };
    update.mutate(
      { opportunity, body },
      {
        onSuccess: (o) => {
          notifications.show({
            color: outcome === 'won' ? 'green' : undefined,
            message: outcome === 'won' ? `Won: ${o.name} (${formatMoney(o.amount)})` : `Lost: ${o.name}`,
          });
          onDone();
        },
        onError: showFieldErrors(form),
      },
    );
  };

  return (
    <FormShell
      form={form}
      mutation={update}
      onSubmit={submit}
      onCancel={onDone}
      submitLabel={outcome === 'won' ? 'Close as won' : 'Close as lost'}
      submitColor={outcome === 'won' ? 'green' : 'red'}
      intro={
        <Text size="sm">
          {outcome === 'won'
            ? `${formatMoney(opportunity.amount)} counts as closed won in the forecast of its close date.`
            : 'It leaves the pipeline and the forecast. The reason is kept with the opportunity.'}
        </Text>
      }
    >
      {outcome === 'lost' && (
        <Textarea
          label="Why was it lost?"
          required
          data-autofocus
          autosize
          minRows={2}
          maxRows={6}
          {...form.getInputProps('lostReason')}
        />
      )}
      <DateInput
        label="Closed on"
        required
        valueFormat="MMM D, YYYY"
        popoverProps={{ withinPortal: true }}
        data-autofocus={outcome === 'won' ? true : undefined}
        {...form.getInputProps('closeDate')}
      />
    </FormShell>
  );
}
