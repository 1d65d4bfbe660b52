import { Anchor, Badge, Button, Collapse, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import type { Account } from '../../api.ts';
import { ExportCsvButton } from '../../ui/ExportCsvButton.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { AddButton, QueryContent } from '../../ui/lists.tsx';
import { EmptyState, Toolbar } from '../../ui/states.tsx';
import { canWorkAccounts, useMe } from '../session/index.ts';
import { userDirectoryQuery } from '../users/index.ts';
import { IssueFormModal } from './IssueFormModal.tsx';
import { type Issue, issuesQuery } from './issues.api.ts';
import {
  isOpenStatus,
  severityColors,
  severityLabels,
  statusColors,
  statusLabels,
  teamLabels,
} from './labels.ts';
import { SlaCountdown } from './SlaCountdown.tsx';

function IssueRow({ issue, assignee }: { issue: Issue; assignee: string }) {
  return (
    <Paper withBorder p="sm" role="listitem">
      <Group justify="space-between" gap="sm" align="flex-start">
        <Stack gap={4} style={{ minWidth: 0, flex: '1 1 240px' }}>
          <Anchor
            size="sm"
            fw={600}
            style={{ overflowWrap: 'anywhere' }}
            renderRoot={(props) => <Link to="/issues/$issueId" params={{ issueId: issue.id }} {...props} />}
          >
            {issue.title}
          </Anchor>
          <Text size="xs" c="dimmed">
            Opened {formatDateTime(issue.openedAt)} · {assignee}
            {issue.internalTeam ? ` · ${teamLabels[issue.internalTeam]}` : ''}
          </Text>
        </Stack>
        <Group gap={6}>
          <Badge size="sm" variant="light" color={severityColors[issue.severity]}>
            {severityLabels[issue.severity]}
          </Badge>
          <Badge size="sm" variant="outline" color={statusColors[issue.status]}>
            {statusLabels[issue.status]}
          </Badge>
          <SlaCountdown issue={issue} />
        </Group>
      </Group>
    </Paper>
  );
}

/** The account's issues: open ones by SLA due time, then the resolved and closed ones. */
export function AccountIssuesTab({ account }: { account: Account }) {
  const me = useMe();
  const canWork = canWorkAccounts(me) && !account.archivedAt;
  const issues = useQuery(issuesQuery({ accountId: account.id }, 2000));
  const users = useQuery(userDirectoryQuery);
  const [creating, setCreating] = useState(false);
  const [showDone, { toggle }] = useDisclosure(false);
  const nameOf = (id: string | null) =>
    id ? (users.data?.find((u) => u.id === id)?.name ?? '…') : 'Unassigned';

  const all = issues.data ?? [];
  const open = all.filter((i) => isOpenStatus(i.status)).sort((a, b) => a.slaDueAt.localeCompare(b.slaDueAt));
  const done = all
    .filter((i) => !isOpenStatus(i.status))
    .sort((a, b) => (b.resolvedAt ?? b.updatedAt).localeCompare(a.resolvedAt ?? a.updatedAt));
  const row = (i: Issue) => <IssueRow key={i.id} issue={i} assignee={nameOf(i.assigneeId)} />;

  return (
    <Stack gap="md">
      <Toolbar
        actions={
          <>
            <ExportCsvButton entity="issues" filters={{ accountId: account.id }} />
            {canWork && <AddButton onClick={() => setCreating(true)}>New issue</AddButton>}
          </>
        }
      >
        <Text size="sm" c="dimmed">
          Problems {account.name} has raised, tracked against their SLA. Open issues weigh on the health
          score.
        </Text>
      </Toolbar>
      <QueryContent
        query={issues}
        what="issues"
        empty={
          all.length === 0 && (
            <EmptyState title="No issues">
              {canWork ? 'When the client reports a problem, open an issue to track it.' : null}
            </EmptyState>
          )
        }
      >
        <Stack gap="xs">
          <Title order={2} size="h5">
            Open ({open.length})
          </Title>
          {open.length === 0 ? (
            <Text size="sm" c="dimmed">
              No open issues.
            </Text>
          ) : (
            <Stack gap="xs" role="list" aria-label="Open issues">
              {open.map(row)}
            </Stack>
          )}
        </Stack>
        {done.length > 0 && (
          <Stack gap="xs">
            <Button
              variant="subtle"
              color="gray"
              onClick={toggle}
              leftSection={showDone ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
              aria-expanded={showDone}
              style={{ alignSelf: 'flex-start' }}
            >
              Resolved and closed ({done.length})
            </Button>
            <Collapse expanded={showDone}>
              <Stack gap="xs" role="list" aria-label="Resolved and closed issues">
                {done.map(row)}
              </Stack>
            </Collapse>
          </Stack>
        )}
      </QueryContent>
      {canWork && (
        <IssueFormModal
          opened={creating}
          accountId={account.id}
          issue={null}
          onClose={() => setCreating(false)}
        />
      )}
    </Stack>
  );
}
