import { Button, Group, Modal, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { Meeting } from '../../api.ts';
import { formatDateTime } from '../../ui/format.ts';
import { FormError } from '../../ui/states.tsx';
import { type Sentiment, sentimentLabels } from '../activities/labels.ts';
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
    <Modal opened={meeting !== null} onClose={onClose} title="Complete meeting" size="lg">
      {meeting && <CompleteForm accountId={accountId} meeting={meeting} onDone={onClose} />}
    </Modal>
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
  const [notes, setNotes] = useState('');
  const [sentiment, setSentiment] = useState<Sentiment | 'none'>('none');
  const submit = () =>
    complete.mutate(
      { meeting, notes: notes.trim() || null, sentiment: sentiment === 'none' ? null : sentiment },
      {
        onSuccess: (m) => {
          notifications.show({ color: 'green', message: `${m.title} completed and logged.` });
          onDone();
        },
      },
    );
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          submit();
        }
      }}
    >
      <Stack gap="sm">
        <Text size="sm">
          <b>{meeting.title}</b>, {formatDateTime(meeting.scheduledAt)}. It is logged as an activity at the
          time it was scheduled.
        </Text>
        <FormError error={complete.error} />
        <Textarea
          label="Notes"
          placeholder="What was discussed, what was agreed"
          data-autofocus
          autosize
          minRows={4}
          maxRows={12}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="complete-sentiment">
            Sentiment
          </Text>
          <SegmentedControl
            aria-labelledby="complete-sentiment"
            value={sentiment}
            onChange={(v) => setSentiment(v as Sentiment | 'none')}
            data={[
              { value: 'none', label: '—' },
              ...(Object.keys(sentimentLabels) as Sentiment[]).map((s) => ({
                value: s,
                label: sentimentLabels[s],
              })),
            ]}
          />
        </Stack>
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" color="green" loading={complete.isPending}>
            Complete
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
