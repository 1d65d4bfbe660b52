import { Anchor, Badge, Button, Grid, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { formatDate, formatDateTime, formatDay, personName } from '../../ui/format.ts';
import { ErrorState } from '../../ui/states.tsx';
import {
  AccountLink,
  type AccountTab,
  accountQuery,
  customFieldText,
  NextCheckIn,
} from '../accounts/index.ts';
import { contactRoleLabels, contactsQuery } from '../contacts/index.ts';
import type { AccountTabProps } from '../feature.ts';
import { HealthSummary } from '../health/index.ts';
import { accountMeetingsQuery, meetingKindLabels } from '../meetings/index.ts';
import { accountTasksQuery, isOpenTask, priorityColors, priorityLabels } from '../tasks/index.ts';
import { userDirectoryQuery } from '../users/index.ts';

function Card({ title, action, children }: { title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <Paper withBorder p="md" h="100%">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h5">
            {title}
          </Title>
          {action}
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="md" align="flex-start">
      <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" ta="right" component="div" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Group>
  );
}

export function OverviewTab({ account, onTabChange }: AccountTabProps) {
  const contacts = useQuery(contactsQuery(account.id));
  const meetings = useQuery(accountMeetingsQuery(account.id));
  const tasks = useQuery(accountTasksQuery(account.id));
  const users = useQuery(userDirectoryQuery);
  const parent = useQuery({
    ...accountQuery(account.parentAccountId ?? ''),
    enabled: Boolean(account.parentAccountId),
  });
  const nameOf = (id: string) => users.data?.find((u) => u.id === id)?.name ?? '…';

  const primary = contacts.data?.find((c) => c.isPrimary);
  const now = Date.now();
  const upcoming = (meetings.data ?? [])
    .filter((m) => m.status === 'scheduled' && new Date(m.scheduledAt).getTime() >= now)
    .slice(0, 3);
  const openTasks = (tasks.data ?? []).filter(isOpenTask);
  const customFields = Object.entries(account.customFields);
  const more = (tab: AccountTab, label: string) => (
    <Button variant="subtle" size="compact-sm" onClick={() => onTabChange(tab)}>
      {label}
    </Button>
  );

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Card title="Key facts">
          <Stack gap={6}>
            <Row label="Last touch">{formatDateTime(account.lastTouchAt, 'Never')}</Row>
            <Row label="Next check-in">
              <NextCheckIn date={account.nextCheckInDue} withHint />
            </Row>
            <Row label="Check-in cadence">Every {account.checkInCadenceDays} days</Row>
            <Row label="Domain">
              {account.domain ? (
                <Anchor href={`https://${account.domain}`} target="_blank" rel="noopener noreferrer">
                  {account.domain}
                </Anchor>
              ) : (
                '—'
              )}
            </Row>
            <Row label="Industry">{account.industry ?? '—'}</Row>
            <Row label="Parent account">
              {account.parentAccountId ? (
                <AccountLink accountId={account.parentAccountId}>
                  {parent.data?.name ?? (parent.isError ? 'Not visible to you' : '…')}
                </AccountLink>
              ) : (
                '—'
              )}
            </Row>
            <Row label="Account team">
              {account.teamMemberIds.length ? account.teamMemberIds.map(nameOf).join(', ') : '—'}
            </Row>
            <Row label="Tags">
              {account.tags.length ? (
                <Group gap={4} justify="flex-end">
                  {account.tags.map((t) => (
                    <Badge key={t} variant="outline" size="sm" tt="none">
                      {t}
                    </Badge>
                  ))}
                </Group>
              ) : (
                '—'
              )}
            </Row>
            <Row label="Created">{formatDate(account.createdAt)}</Row>
          </Stack>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Card title="Health" action={more('health', 'Score details')}>
          <HealthSummary account={account} />
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Card title="Primary contact" action={more('contacts', 'All contacts')}>
          {contacts.isPending ? (
            <Loader size="sm" />
          ) : contacts.isError ? (
            <ErrorState error={contacts.error} onRetry={() => void contacts.refetch()} />
          ) : primary ? (
            <Stack gap={2}>
              <Text fw={600}>{personName(primary.firstName, primary.lastName)}</Text>
              <Text size="sm" c="dimmed">
                {[primary.title, primary.role ? contactRoleLabels[primary.role] : null]
                  .filter(Boolean)
                  .join(' · ') || 'No title'}
              </Text>
              {primary.email && (
                <Anchor href={`mailto:${primary.email}`} size="sm">
                  {primary.email}
                </Anchor>
              )}
              {primary.phone && (
                <Anchor href={`tel:${primary.phone}`} size="sm">
                  {primary.phone}
                </Anchor>
              )}
              <Text size="xs" c="dimmed">
                Last contacted {formatDateTime(primary.lastContactedAt, 'never')}
              </Text>
            </Stack>
          ) : (
            <Text size="sm" c="dimmed">
              {contacts.data.length
                ? 'No contact is marked as primary.'
                : 'No contacts yet. Add the people you work with on the Contacts tab.'}
            </Text>
          )}
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Card title="Upcoming meetings" action={more('meetings', 'All meetings')}>
          {meetings.isPending ? (
            <Loader size="sm" />
          ) : meetings.isError ? (
            <ErrorState error={meetings.error} onRetry={() => void meetings.refetch()} />
          ) : upcoming.length === 0 ? (
            <Text size="sm" c="dimmed">
              Nothing scheduled.
            </Text>
          ) : (
            <Stack gap="xs">
              {upcoming.map((m) => (
                <div key={m.id}>
                  <Text size="sm" fw={500}>
                    {m.title}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {meetingKindLabels[m.kind]} · {formatDateTime(m.scheduledAt)} · {m.durationMinutes} min
                  </Text>
                </div>
              ))}
            </Stack>
          )}
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Card
          title={`Open tasks${tasks.data ? ` (${openTasks.length})` : ''}`}
          action={more('tasks', 'All tasks')}
        >
          {tasks.isPending ? (
            <Loader size="sm" />
          ) : tasks.isError ? (
            <ErrorState error={tasks.error} onRetry={() => void tasks.refetch()} />
          ) : openTasks.length === 0 ? (
            <Text size="sm" c="dimmed">
              No open tasks.
            </Text>
          ) : (
            <Stack gap="xs">
              {openTasks.slice(0, 5).map((t) => (
                <Group key={t.id} justify="space-between" wrap="nowrap" gap="xs">
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" fw={500} truncate="end">
                      {t.title}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t.dueDate ? `Due ${formatDay(t.dueDate)}` : 'No due date'} · {nameOf(t.assigneeId)}
                    </Text>
                  </div>
                  <Badge
                    size="sm"
                    variant="light"
                    color={priorityColors[t.priority]}
                    style={{ flexShrink: 0 }}
                  >
                    {priorityLabels[t.priority]}
                  </Badge>
                </Group>
              ))}
              {openTasks.length > 5 && (
                <Text size="xs" c="dimmed">
                  and {openTasks.length - 5} more
                </Text>
              )}
            </Stack>
          )}
        </Card>
      </Grid.Col>
      {customFields.length > 0 && (
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card title="Custom fields">
            <Stack component="dl" gap={6} m={0}>
              {customFields.map(([key, value]) => (
                <Group key={key} justify="space-between" wrap="nowrap" gap="md" align="flex-start">
                  <Text component="dt" size="sm" c="dimmed" style={{ flexShrink: 0 }}>
                    {key}
                  </Text>
                  <Text
                    component="dd"
                    size="sm"
                    m={0}
                    ta="right"
                    style={{ minWidth: 0, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}
                  >
                    {customFieldText(value) || '—'}
                  </Text>
                </Group>
              ))}
            </Stack>
          </Card>
        </Grid.Col>
      )}
    </Grid>
  );
}
