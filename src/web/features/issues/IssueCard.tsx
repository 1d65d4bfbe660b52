import { Anchor, Badge, Group, Menu, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link } from '@tanstack/react-router';
import type { Me } from '../../api.ts';
import { MoreActions } from '../../ui/lists.tsx';
import { notifyFailure } from '../../ui/notify.ts';
import { AccountLink } from '../accounts/index.ts';
import { canWorkAccounts } from '../session/index.ts';
import { type Issue, useUpdateIssue } from './issues.api.ts';
import {
  type IssueStatus,
  severityColors,
  severityLabels,
  statusLabels,
  statusOptions,
  teamLabels,
} from './labels.ts';
import { SlaCountdown } from './SlaCountdown.tsx';

/**
 * Admins, managers and account managers change any issue in scope; a member only those assigned to
 * them, and only their status (docs/domain-rules.md#issue-sla).
 */
export function canChangeIssue(me: Me, issue: Pick<Issue, 'assigneeId'>): boolean {
  return canWorkAccounts(me) || (me.role === 'member' && issue.assigneeId === me.id);
}

/** Moves an issue to another status, saying so (or why not). */
export function useMoveIssue() {
  const update = useUpdateIssue();
  return {
    move: (issue: Issue, status: IssueStatus) =>
      update.mutate(
        { issue, body: { status } },
        {
          onSuccess: (i) =>
            notifications.show({ message: `${i.title}: ${statusLabels[i.status].toLowerCase()}.` }),
          onError: notifyFailure('Could not change the status'),
        },
      ),
    isMoving: (issue: Issue) => update.isPending && update.variables?.issue.id === issue.id,
  };
}

/** An issue on the board: title, account, severity, team, assignee and its SLA countdown. */
export function IssueCard({
  issue,
  assigneeName,
  canChange,
  onMove,
  moving,
  showAccount = true,
}: {
  issue: Issue;
  assigneeName: string | null;
  canChange: boolean;
  onMove: (status: IssueStatus) => void;
  moving: boolean;
  showAccount?: boolean;
}) {
  const titleId = `issue-${issue.id}-title`;
  return (
    <Paper
      withBorder
      p="sm"
      role="listitem"
      aria-labelledby={titleId}
      style={{ opacity: moving ? 0.6 : undefined }}
      data-breached={issue.breached || undefined}
    >
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
          <Anchor
            id={titleId}
            size="sm"
            fw={600}
            style={{ overflowWrap: 'anywhere' }}
            renderRoot={(props) => <Link to="/issues/$issueId" params={{ issueId: issue.id }} {...props} />}
          >
            {issue.title}
          </Anchor>
          {canChange && (
            <MoreActions name={issue.title}>
              <Menu.Label>Move to</Menu.Label>
              {statusOptions
                .filter((o) => o.value !== issue.status)
                .map((o) => (
                  <Menu.Item key={o.value} onClick={() => onMove(o.value)}>
                    {o.label}
                  </Menu.Item>
                ))}
            </MoreActions>
          )}
        </Group>
        {showAccount && (
          <AccountLink accountId={issue.accountId} tab="issues" size="xs" c="dimmed">
            {issue.accountName}
          </AccountLink>
        )}
        <Group gap={6}>
          <Badge size="sm" variant="light" color={severityColors[issue.severity]}>
            {severityLabels[issue.severity]}
          </Badge>
          {issue.internalTeam && (
            <Badge size="sm" variant="outline" color="gray" tt="none">
              {teamLabels[issue.internalTeam]}
            </Badge>
          )}
        </Group>
        <Group justify="space-between" gap={6}>
          <Text size="xs" c="dimmed">
            {assigneeName ?? 'Unassigned'}
          </Text>
          <SlaCountdown issue={issue} />
        </Group>
      </Stack>
    </Paper>
  );
}
