import { Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Account, Meeting } from '../../api.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { useDeleteConfirm, useFormModal } from '../../ui/dialogs.ts';
import { personName } from '../../ui/format.ts';
import { AddButton, QueryContent } from '../../ui/lists.tsx';
import { notifyFailure } from '../../ui/notify.ts';
import { EmptyState, Toolbar } from '../../ui/states.tsx';
import { contactsQuery } from '../contacts/index.ts';
import { canWorkAccounts, useMe } from '../session/index.ts';
import { userDirectoryQuery } from '../users/index.ts';
import { CompleteMeetingModal } from './CompleteMeetingModal.tsx';
import { meetingStatusLabels } from './labels.ts';
import { MeetingFormModal } from './MeetingFormModal.tsx';
import { MeetingActions, MeetingRow } from './MeetingRow.tsx';
import { accountMeetingsQuery, useDeleteMeeting, useUpdateMeeting } from './meetings.api.ts';

const endOf = (m: Meeting) => new Date(m.scheduledAt).getTime() + m.durationMinutes * 60_000;

export function MeetingsTab({ account }: { account: Account }) {
  const me = useMe();
  const canWork = canWorkAccounts(me) && !account.archivedAt;
  const meetings = useQuery(accountMeetingsQuery(account.id));
  const contacts = useQuery(contactsQuery(account.id));
  const users = useQuery(userDirectoryQuery);
  const editor = useFormModal<Meeting>();
  const [completing, setCompleting] = useState<Meeting | null>(null);
  const update = useUpdateMeeting(account.id);
  const deleting = useDeleteConfirm(useDeleteMeeting(account.id), () => 'Meeting deleted.');

  const contactName = (id: string) => {
    const c = contacts.data?.find((x) => x.id === id);
    return c ? personName(c.firstName, c.lastName) : '…';
  };
  const userName = (id: string) => users.data?.find((u) => u.id === id)?.name ?? '…';
  const setStatus = (m: Meeting, status: 'cancelled' | 'missed') =>
    update.mutate(
      { meeting: m, body: { status } },
      {
        onSuccess: () =>
          notifications.show({ message: `${m.title} marked ${meetingStatusLabels[status].toLowerCase()}.` }),
        onError: notifyFailure('Could not change the meeting'),
      },
    );

  const now = Date.now();
  const all = meetings.data ?? [];
  const upcoming = all.filter((m) => m.status === 'scheduled' && endOf(m) >= now);
  const wrapUp = all.filter((m) => m.status === 'scheduled' && endOf(m) < now);
  const past = all.filter((m) => m.status !== 'scheduled').reverse();

  const row = (m: Meeting) => (
    <MeetingRow
      key={m.id}
      meeting={m}
      contactNames={m.contactIds.map(contactName)}
      attendeeNames={m.userIds.map(userName)}
      actions={
        canWork && (
          <MeetingActions
            meeting={m}
            onComplete={() => setCompleting(m)}
            onEdit={() => editor.open(m)}
            onStatus={(status) => setStatus(m, status)}
            onDelete={() => deleting.ask(m)}
          />
        )
      }
    />
  );

  const section = (title: string, items: Meeting[], hint?: string) =>
    items.length > 0 && (
      <Stack gap="xs">
        <Title order={2} size="h5">
          {title} ({items.length})
        </Title>
        {hint && (
          <Text size="xs" c="dimmed">
            {hint}
          </Text>
        )}
        <Stack gap="xs" role="list" aria-label={title}>
          {items.map(row)}
        </Stack>
      </Stack>
    );

  return (
    <Stack gap="lg">
      <Toolbar actions={canWork && <AddButton onClick={() => editor.open(null)}>Schedule meeting</AddButton>}>
        <Text size="sm" c="dimmed">
          Check-ins, business reviews and other meetings with {account.name}.
        </Text>
      </Toolbar>
      <QueryContent
        query={meetings}
        what="meetings"
        empty={
          all.length === 0 && (
            <EmptyState title="No meetings yet">
              {canWork ? 'Schedule the next check-in or business review.' : null}
            </EmptyState>
          )
        }
      >
        {section(
          'To wrap up',
          wrapUp,
          'These have taken place: complete them with notes, or mark them missed.',
        )}
        {section('Upcoming', upcoming)}
        {upcoming.length === 0 && (
          <Text size="sm" c="dimmed">
            Nothing upcoming.
          </Text>
        )}
        {section('Past', past)}
      </QueryContent>
      {canWork && (
        <MeetingFormModal
          opened={editor.opened}
          accountId={account.id}
          meeting={editor.record}
          onClose={editor.close}
        />
      )}
      <CompleteMeetingModal accountId={account.id} meeting={completing} onClose={() => setCompleting(null)} />
      <ConfirmModal {...deleting.modal} title={`Delete ${deleting.item?.title ?? 'meeting'}?`}>
        The meeting is removed. An activity already logged when it was completed stays in the history.
      </ConfirmModal>
    </Stack>
  );
}
