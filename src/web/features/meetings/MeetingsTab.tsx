import { ActionIcon, Badge, Button, Group, Menu, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconDots, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { type Account, errorMessage, type Meeting } from '../../api.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { formatDateTime, personName } from '../../ui/format.ts';
import { EmptyState, ErrorState, PageLoader, Toolbar } from '../../ui/states.tsx';
import { contactsQuery } from '../contacts/contacts.api.ts';
import { canWorkAccounts, useMe } from '../session/session.ts';
import { CompleteMeetingModal } from './CompleteMeetingModal.tsx';
import { meetingKindLabels, meetingStatusColors, meetingStatusLabels } from './labels.ts';
import { MeetingFormModal } from './MeetingFormModal.tsx';
import { accountMeetingsQuery, useDeleteMeeting, useUpdateMeeting } from './meetings.api.ts';

const endOf = (m: Meeting) => new Date(m.scheduledAt).getTime() + m.durationMinutes * 60_000;

export function MeetingsTab({ account }: { account: Account }) {
  const me = useMe();
  const canWork = canWorkAccounts(me) && !account.archivedAt;
  const meetings = useQuery(accountMeetingsQuery(account.id));
  const contacts = useQuery(contactsQuery(account.id));
  const [formOpen, setFormOpen] = useState(false);
  const [editing, setEditing] = useState<Meeting | null>(null);
  const [completing, setCompleting] = useState<Meeting | null>(null);
  const [deleting, setDeleting] = useState<Meeting | null>(null);
  const update = useUpdateMeeting(account.id);
  const remove = useDeleteMeeting(account.id);

  const contactName = (id: string) => {
    const c = contacts.data?.find((x) => x.id === id);
    return c ? personName(c.firstName, c.lastName) : '…';
  };
  const setStatus = (m: Meeting, status: 'cancelled' | 'missed') =>
    update.mutate(
      { meeting: m, body: { status } },
      {
        onSuccess: () =>
          notifications.show({ message: `${m.title} marked ${meetingStatusLabels[status].toLowerCase()}.` }),
        onError: (err) =>
          notifications.show({
            color: 'red',
            title: 'Could not change the meeting',
            message: errorMessage(err),
          }),
      },
    );

  const now = Date.now();
  const all = meetings.data ?? [];
  const upcoming = all.filter((m) => m.status === 'scheduled' && endOf(m) >= now);
  const wrapUp = all.filter((m) => m.status === 'scheduled' && endOf(m) < now);
  const past = all.filter((m) => m.status !== 'scheduled').reverse();

  const row = (m: Meeting) => (
    <Paper key={m.id} withBorder p="sm" role="listitem">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="xs">
            <Text fw={600} size="sm" id={`meeting-${m.id}`}>
              {m.title}
            </Text>
            <Badge size="xs" variant="light" color="gray">
              {meetingKindLabels[m.kind]}
            </Badge>
            {m.status !== 'scheduled' && (
              <Badge size="xs" variant="light" color={meetingStatusColors[m.status]}>
                {meetingStatusLabels[m.status]}
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {formatDateTime(m.scheduledAt)} · {m.durationMinutes} min
            {m.contactIds.length ? ` · with ${m.contactIds.map(contactName).join(', ')}` : ''}
          </Text>
          {(m.notes ?? m.agenda) && (
            <Text size="sm" lineClamp={4} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {m.notes ?? m.agenda}
            </Text>
          )}
        </Stack>
        {canWork && (
          <Group gap={4} wrap="nowrap">
            {m.status === 'scheduled' && (
              <Button
                size="xs"
                variant="light"
                color="green"
                leftSection={<IconCheck size={14} />}
                aria-describedby={`meeting-${m.id}`}
                onClick={() => setCompleting(m)}
              >
                Complete
              </Button>
            )}
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray" aria-label={`More actions for ${m.title}`}>
                  <IconDots size={16} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                {m.status === 'scheduled' && (
                  <>
                    <Menu.Item
                      onClick={() => {
                        setEditing(m);
                        setFormOpen(true);
                      }}
                    >
                      Edit
                    </Menu.Item>
                    <Menu.Item onClick={() => setStatus(m, 'cancelled')}>Cancel meeting</Menu.Item>
                    <Menu.Item onClick={() => setStatus(m, 'missed')}>Mark missed</Menu.Item>
                    <Menu.Divider />
                  </>
                )}
                <Menu.Item
                  color="red"
                  onClick={() => {
                    remove.reset();
                    setDeleting(m);
                  }}
                >
                  Delete
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        )}
      </Group>
    </Paper>
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
      <Toolbar
        actions={
          canWork && (
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => {
                setEditing(null);
                setFormOpen(true);
              }}
            >
              Schedule meeting
            </Button>
          )
        }
      >
        <Text size="sm" c="dimmed">
          Check-ins, business reviews and other meetings with {account.name}.
        </Text>
      </Toolbar>
      {meetings.isPending ? (
        <PageLoader label="Loading meetings…" />
      ) : meetings.isError ? (
        <ErrorState
          error={meetings.error}
          title="Could not load meetings"
          onRetry={() => void meetings.refetch()}
        />
      ) : all.length === 0 ? (
        <EmptyState title="No meetings yet">
          {canWork ? 'Schedule the next check-in or business review.' : null}
        </EmptyState>
      ) : (
        <>
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
        </>
      )}
      {canWork && (
        <MeetingFormModal
          opened={formOpen}
          accountId={account.id}
          meeting={editing}
          onClose={() => setFormOpen(false)}
        />
      )}
      <CompleteMeetingModal accountId={account.id} meeting={completing} onClose={() => setCompleting(null)} />
      <ConfirmModal
        opened={deleting !== null}
        title={`Delete ${deleting?.title ?? 'meeting'}?`}
        confirmLabel="Delete"
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting, {
            onSuccess: () => {
              notifications.show({ message: 'Meeting deleted.' });
              setDeleting(null);
            },
          })
        }
        onClose={() => setDeleting(null)}
      >
        The meeting is removed. An activity already logged when it was completed stays in the history.
      </ConfirmModal>
    </Stack>
  );
}
