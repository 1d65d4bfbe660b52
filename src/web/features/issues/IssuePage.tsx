import {
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { ApiError } from '../../api.ts';
import { formatDateTime, personName } from '../../ui/format.ts';
import { ErrorState, PageLoader } from '../../ui/states.tsx';
import { AccountLink } from '../accounts/index.ts';
import { contactsQuery } from '../contacts/index.ts';
import { canWorkAccounts, useMe } from '../session/index.ts';
import { userDirectoryQuery } from '../users/index.ts';
import { canChangeIssue, useMoveIssue } from './IssueCard.tsx';
import { IssueFormModal } from './IssueFormModal.tsx';
import { IssueThread } from './IssueThread.tsx';
import { type Issue, issueQuery } from './issues.api.ts';
import {
  type IssueStatus,
  severityColors,
  severityLabels,
  statusColors,
  statusLabels,
  statusOptions,
  teamLabels,
} from './labels.ts';
import { SlaCountdown } from './SlaCountdown.tsx';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" fw={500} component="div">
        {children}
      </Text>
    </div>
  );
}

function BackToIssues() {
  return (
    <Breadcrumbs>
      <Anchor component={Link} to="/issues" size="sm">
        Issues
      </Anchor>
    </Breadcrumbs>
  );
}

export function IssuePage({ issueId }: { issueId: string }) {
  const query = useQuery(issueQuery(issueId));
  if (query.isPending) return <PageLoader label="Loading the issue…" />;
  if (query.isError) {
    const missing = query.error instanceof ApiError && query.error.status === 404;
    return (
      <Stack gap="md" align="flex-start">
        <BackToIssues />
        <ErrorState
          error={query.error}
          title={missing ? 'No such issue' : 'Could not load the issue'}
          onRetry={missing ? undefined : () => void query.refetch()}
        />
      </Stack>
    );
  }
  return <IssueDetails issue={query.data} />;
}

function IssueDetails({ issue }: { issue: Issue }) {
  const me = useMe();
  const users = useQuery(userDirectoryQuery);
  const contacts = useQuery(contactsQuery(issue.accountId));
  const [editing, setEditing] = useState(false);
  const move = useMoveIssue();
  const canChange = canChangeIssue(me, issue);
  // Members may move the status of their issues and post on them, but not edit them.
  const canEdit = canWorkAccounts(me);

  const userName = (id: string | null) =>
    id ? (users.data?.find((u) => u.id === id)?.name ?? '…') : 'Unassigned';
  const reporter = contacts.data?.find((c) => c.id === issue.reportedByContactId);

  return (
    <Stack gap="md" maw={1080}>
      <BackToIssues />
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4} style={{ minWidth: 0, flex: '1 1 320px' }}>
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
            {issue.title}
          </Title>
          <Group gap="xs">
            <AccountLink accountId={issue.accountId} tab="issues" size="sm">
              {issue.accountName}
            </AccountLink>
            <Badge variant="light" color={severityColors[issue.severity]}>
              {severityLabels[issue.severity]}
            </Badge>
            <Badge variant="outline" color={statusColors[issue.status]}>
              {statusLabels[issue.status]}
            </Badge>
          </Group>
        </Stack>
        {canChange && (
          <Group gap="xs" align="flex-end">
            <Select
              label="Status"
              data={statusOptions}
              value={issue.status}
              allowDeselect={false}
              onChange={(v) => v && v !== issue.status && move.move(issue, v as IssueStatus)}
              disabled={move.isMoving(issue)}
              w={190}
            />
            {canEdit && (
              <Button
                variant="default"
                leftSection={<IconPencil size={16} />}
                onClick={() => setEditing(true)}
              >
                Edit
              </Button>
            )}
          </Group>
        )}
      </Group>

      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} spacing="md" verticalSpacing="sm">
          <Fact label="SLA">
            <span data-testid="issue-sla">
              <SlaCountdown issue={issue} variant="text" />
            </span>
          </Fact>
          <Fact label="SLA due">{formatDateTime(issue.slaDueAt)}</Fact>
          <Fact label="Opened">{formatDateTime(issue.openedAt)}</Fact>
          <Fact label="Internal team">{issue.internalTeam ? teamLabels[issue.internalTeam] : '—'}</Fact>
          <Fact label="Assignee">{userName(issue.assigneeId)}</Fact>
          <Fact label="Reported by">
            {reporter
              ? personName(reporter.firstName, reporter.lastName)
              : issue.reportedByContactId
                ? '…'
                : '—'}
          </Fact>
          {issue.resolvedAt && <Fact label="Resolved">{formatDateTime(issue.resolvedAt)}</Fact>}
        </SimpleGrid>
        {issue.description && (
          <Text size="sm" mt="md" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {issue.description}
          </Text>
        )}
      </Paper>

      <IssueThread issue={issue} canPost={canChange} />

      {canEdit && (
        <IssueFormModal
          opened={editing}
          accountId={issue.accountId}
          issue={issue}
          onClose={() => setEditing(false)}
        />
      )}
    </Stack>
  );
}
