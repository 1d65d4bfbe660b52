import { Badge, Button, Group, Menu, Paper, Stack, Text } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { Meeting } from '../../api.ts';
import { formatDateTime } from '../../ui/format.ts';
import { MoreActions } from '../../ui/lists.tsx';
import { meetingKindLabels, meetingStatusColors, meetingStatusLabels } from './labels.ts';

/**
 * A meeting in a list: title, kind, status, time, who is invited, who of ours attends, and its notes
 * or agenda.
 */
export function MeetingRow({
  meeting: m,
  contactNames,
  attendeeNames,
  actions,
}: {
  meeting: Meeting;
  contactNames: string[];
  attendeeNames: string[];
  actions?: ReactNode;
}) {
  return (
    <Paper withBorder p="sm" role="listitem">
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
            {contactNames.length ? ` · with ${contactNames.join(', ')}` : ''}
          </Text>
          {attendeeNames.length > 0 && (
            <Text size="xs" c="dimmed">
              Attending: {attendeeNames.join(', ')}
            </Text>
          )}
          {(m.notes ?? m.agenda) && (
            <Text size="sm" lineClamp={4} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {m.notes ?? m.agenda}
            </Text>
          )}
        </Stack>
        {actions}
      </Group>
    </Paper>
  );
}

/** Complete (while scheduled), and the ⋯ menu: edit, cancel, mark missed, delete. */
export function MeetingActions({
  meeting: m,
  onComplete,
  onEdit,
  onStatus,
  onDelete,
}: {
  meeting: Meeting;
  onComplete: () => void;
  onEdit: () => void;
  onStatus: (status: 'cancelled' | 'missed') => void;
  onDelete: () => void;
}) {
  const scheduled = m.status === 'scheduled';
  return (
    <Group gap={4} wrap="nowrap">
      {scheduled && (
        <Button
          size="xs"
          variant="light"
          color="green"
          leftSection={<IconCheck size={14} />}
          aria-describedby={`meeting-${m.id}`}
          onClick={onComplete}
        >
          Complete
        </Button>
      )}
      <MoreActions name={m.title}>
        {scheduled && (
          <>
            <Menu.Item onClick={onEdit}>Edit</Menu.Item>
            <Menu.Item onClick={() => onStatus('cancelled')}>Cancel meeting</Menu.Item>
            <Menu.Item onClick={() => onStatus('missed')}>Mark missed</Menu.Item>
            <Menu.Divider />
          </>
        )}
        <Menu.Item color="red" onClick={onDelete}>
          Delete
        </Menu.Item>
      </MoreActions>
    </Group>
  );
}
