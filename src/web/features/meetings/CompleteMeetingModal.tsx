import { Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import type { Meeting } from '../../api.ts';
import { FormModal, FormShell } from '../../ui/FormShell.tsx';
import { showFieldErrors } from '../../ui/form.ts';
import { formatDateTime } from '../../ui/format.ts';
import { type SentimentChoice, SentimentPicker } from '../activities/index.ts';
import { useCompleteMeeting } from './meetings.api.ts';

/** Marks a meeting completed with its notes; the server logs the matching activity. */
export function CompleteMeetingModal({
  accountId,
  meeting,
  onClose,
}: {
  accountId: string;
  meeting: Meeting | null;
  onClose: () => void;
}) {
  return (
    <FormModal opened={meeting !== null} onClose={onClose} title="Complete meeting">
      {meeting && <CompleteForm accountId={accountId} meeting={meeting} onDone={onClose} />}
    </FormModal>
  );
}

function CompleteForm({
  accountId,
  meeting,
  onDone,
}: {
  accountId: string;
  meeting: Meeting;
  onDone: () => void;
}) {
  const complete = useCompleteMeeting(accountId);
  const form = useForm({ initialValues: { notes: '', sentiment: 'none' as SentimentChoice } });
  const submit = ({ notes, sentiment }: typeof form.values) =>
    complete.mutate(
      { meeting, notes: notes.trim() || null, sentiment: sentiment === 'none' ? null : sentiment },
      {
        onSuccess: (m) => {
          notifications.show({ color: 'green', message: `${m.title} completed and logged.` });
          onDone();
        },
        onError: showFieldErrors(form),
      },
    );
  return (
    <FormShell
      form={form}
      mutation={complete}
      onSubmit={submit}
      onCancel={onDone}
      submitLabel="Complete"
      submitColor="green"
      ctrlEnter
      intro={
        <Text size="sm">
          <b>{meeting.title}</b>, {formatDateTime(meeting.scheduledAt)}. It is logged as an activity at the
          time it was scheduled.
        </Text>
      }
    >
      <Textarea
        label="Notes"
        placeholder="What was discussed, what was agreed"
        data-autofocus
        autosize
        minRows={4}
        maxRows={12}
        {...form.getInputProps('notes')}
      />
      <SentimentPicker value={form.values.sentiment} onChange={(v) => form.setFieldValue('sentiment', v)} />
    </FormShell>
  );
}
