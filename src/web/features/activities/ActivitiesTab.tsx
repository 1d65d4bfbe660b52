import { ActionIcon, Badge, Group, Paper, Stack, Text, ThemeIcon, Title, Tooltip } from '@mantine/core';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Account, Activity } from '../../api.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { useDeleteConfirm } from '../../ui/dialogs.ts';
import { ExportCsvButton } from '../../ui/ExportCsvButton.tsx';
import { formatDateTime, personName } from '../../ui/format.ts';
import { MorePages, QueryContent } from '../../ui/lists.tsx';
import { EmptyState } from '../../ui/states.tsx';
import { contactsQuery } from '../contacts/index.ts';
import { canWorkAccounts, useMe } from '../session/index.ts';
import { userDirectoryQuery } from '../users/index.ts';
import { ActivityFormModal } from './ActivityFormModal.tsx';
import { activitiesQuery, useDeleteActivity } from './activities.api.ts';
import { activityTypeIcon, activityTypeLabel, sentimentColors, sentimentLabels } from './labels.ts';
import { QuickLogForm } from './QuickLogForm.tsx';

export function ActivitiesTab({ account }: { account: Account }) {
  const me = useMe();
  const canWork = canWorkAccounts(me) && !account.archivedAt;
  const list = useInfiniteQuery(activitiesQuery(account.id));
  const users = useQuery(userDirectoryQuery);
  const contacts = useQuery(contactsQuery(account.id));
  const deleting = useDeleteConfirm(useDeleteActivity(account.id), () => 'Activity deleted.');
  const [editing, setEditing] = useState<Activity | null>(null);

  const userName = (id: string | null) =>
    id ? (users.data?.find((u) => u.id === id)?.name ?? '…') : 'Steward';
  const contactName = (id: string) => {
    const c = contacts.data?.find((x) => x.id === id);
    return c ? personName(c.firstName, c.lastName) : '…';
  };
  const items = list.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <Stack gap="md">
      {canWork && <QuickLogForm account={account} autoFocus />}
      <Group justify="space-between" align="center" gap="sm">
        <Title order={2} size="h4">
          History
        </Title>
        <ExportCsvButton entity="activities" filters={{ accountId: account.id }} />
      </Group>
      <QueryContent
        query={list}
        what="activities"
        empty={
          items.length === 0 && (
            <EmptyState title="Nothing logged yet">
              {canWork ? 'Log calls, e-mails and check-ins above; each one moves the next check-in.' : null}
            </EmptyState>
          )
        }
      >
        <Stack gap="xs" aria-label="Activities" role="list">
          {items.map((a) => {
            const Icon = activityTypeIcon(a.type);
            return (
              <Paper key={a.id} withBorder p="sm" role="listitem">
                <Group align="flex-start" wrap="nowrap" gap="sm">
                  <ThemeIcon variant="light" radius="xl" size={32} aria-hidden>
                    <Icon size={18} />
                  </ThemeIcon>
                  <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
                    <Group gap="xs" wrap="wrap">
                      <Text fw={600} size="sm">
                        {a.subject}
                      </Text>
                      <Badge size="xs" variant="light" color="gray">
                        {activityTypeLabel(a.type)}
                      </Badge>
                      {a.sentiment && (
                        <Badge size="xs" variant="dot" color={sentimentColors[a.sentiment]}>
                          {sentimentLabels[a.sentiment]}
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed">
                      {formatDateTime(a.occurredAt)} · {userName(a.userId)}
                      {a.contactIds.length ? ` · with ${a.contactIds.map(contactName).join(', ')}` : ''}
                    </Text>
                    {a.body && (
                      <Text
                        size="sm"
                        style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
                        lineClamp={6}
                      >
                        {a.body}
                      </Text>
                    )}
                  </Stack>
                  {canWork && (
                    <Group gap={2} wrap="nowrap">
                      <Tooltip label="Edit">
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={`Edit ${activityTypeLabel(a.type).toLowerCase()} ${a.subject}`}
                          onClick={() => setEditing(a)}
                        >
                          <IconPencil size={16} />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label="Delete">
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={`Delete ${activityTypeLabel(a.type).toLowerCase()} ${a.subject}`}
                          onClick={() => deleting.ask(a)}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  )}
                </Group>
              </Paper>
            );
          })}
          <MorePages list={list} errorTitle="Could not load more" />
        </Stack>
      </QueryContent>
      {canWork && (
        <ActivityFormModal accountId={account.id} activity={editing} onClose={() => setEditing(null)} />
      )}
      <ConfirmModal {...deleting.modal} title="Delete this activity?">
        “{deleting.item?.subject}” is removed from the account’s history, and its next check-in is worked out
        again from the remaining activities.
      </ConfirmModal>
    </Stack>
  );
}
