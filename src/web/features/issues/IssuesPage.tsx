import { Badge, Group, Paper, ScrollArea, Select, Stack, Switch, Text, Title } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ExportCsvButton } from '../../ui/ExportCsvButton.tsx';
import { AddButton } from '../../ui/lists.tsx';
import { EmptyState, ErrorState, PageLoader } from '../../ui/states.tsx';
import { canWorkAccounts, useMe } from '../session/index.ts';
import { userDirectoryQuery } from '../users/index.ts';
import { canChangeIssue, IssueCard, useMoveIssue } from './IssueCard.tsx';
import { IssueFormModal } from './IssueFormModal.tsx';
import { type Issue, type IssueFilters, issuesQuery } from './issues.api.ts';
import {
  type InternalTeam,
  type IssueStatus,
  type Severity,
  severityOptions,
  statusColors,
  statusLabels,
  teamOptions,
} from './labels.ts';
import type { IssueBoardSearch } from './search.ts';

const openColumns: IssueStatus[] = ['new', 'triaged', 'in_progress', 'waiting_on_client'];
const doneColumns: IssueStatus[] = ['resolved', 'closed'];
/** Resolved and closed issues pile up for ever: the board shows the latest of them. */
const DONE_MAX = 100;

const due = (i: Issue) => new Date(i.slaDueAt).getTime();
const resolved = (i: Issue) => new Date(i.resolvedAt ?? i.updatedAt).getTime();

export function IssuesPage({
  search,
  onSearchChange,
}: {
  search: IssueBoardSearch;
  onSearchChange: (patch: Partial<IssueBoardSearch>) => void;
}) {
  const me = useMe();
  const users = useQuery(userDirectoryQuery);
  const [creating, setCreating] = useState(false);
  const move = useMoveIssue();

  const filters: IssueFilters = {
    ...(search.team ? { internalTeam: search.team } : {}),
    ...(search.severity ? { severity: search.severity } : {}),
    ...(search.assignee ? { assigneeId: search.assignee === 'me' ? me.id : search.assignee } : {}),
    ...(search.breached ? { breached: 'true' as const } : {}),
  };
  const columns = search.done ? [...openColumns, ...doneColumns] : openColumns;
  const lists = useQueries({
    queries: columns.map((status) =>
      issuesQuery({ ...filters, status }, doneColumns.includes(status) ? DONE_MAX : 1000),
    ),
  });
  const all = lists.flatMap((l) => l.data ?? []);
  const userName = (id: string | null) => (id ? (users.data?.find((u) => u.id === id)?.name ?? '…') : null);

  const pending = lists.some((l) => l.isPending);
  const failed = lists.find((l) => l.isError);
  const filtered = Object.keys(filters).length > 0;

  const assignees = [
    { value: 'me', label: `Me (${me.name})` },
    ...(users.data ?? [])
      .filter((u) => u.id !== me.id && (u.active || u.id === search.assignee))
      .map((u) => ({ value: u.id, label: u.name })),
  ];

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <Title order={1} size="h2">
          Issues
        </Title>
        <Group gap="sm">
          <ExportCsvButton entity="issues" filters={filters} />
          {canWorkAccounts(me) && <AddButton onClick={() => setCreating(true)}>New issue</AddButton>}
        </Group>
      </Group>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select
          label="Internal team"
          placeholder="Any team"
          data={teamOptions}
          value={search.team ?? null}
          onChange={(v) => onSearchChange({ team: (v as InternalTeam | null) ?? undefined })}
          clearable
          w={{ base: '100%', xs: 170 }}
        />
        <Select
          label="Severity"
          placeholder="Any severity"
          data={severityOptions}
          value={search.severity ?? null}
          onChange={(v) => onSearchChange({ severity: (v as Severity | null) ?? undefined })}
          clearable
          w={{ base: '100%', xs: 170 }}
        />
        <Select
          label="Assignee"
          placeholder="Anyone"
          data={assignees}
          value={search.assignee ?? null}
          onChange={(v) => onSearchChange({ assignee: v ?? undefined })}
          searchable
          clearable
          nothingFoundMessage="Nobody matches."
          w={{ base: '100%', xs: 200 }}
        />
        <Switch
          label="SLA breached"
          checked={search.breached ?? false}
          onChange={(e) => onSearchChange({ breached: e.currentTarget.checked || undefined })}
          mb={{ xs: 8 }}
        />
        <Switch
          label="Show resolved and closed"
          checked={search.done ?? false}
          onChange={(e) => onSearchChange({ done: e.currentTarget.checked || undefined })}
          mb={{ xs: 8 }}
        />
      </Group>

      {pending ? (
        <PageLoader label="Loading issues…" />
      ) : failed ? (
        <ErrorState
          error={failed.error}
          title="Could not load issues"
          onRetry={() => lists.forEach((l) => void l.refetch())}
        />
      ) : all.length === 0 ? (
        <EmptyState title={filtered ? 'No issues match' : 'No open issues'}>
          {filtered
            ? 'Try other filters.'
            : canWorkAccounts(me)
              ? 'When a client reports a problem, log it with New issue to track it against its SLA.'
              : 'Issues on accounts you can see will show here.'}
        </EmptyState>
      ) : (
        <ScrollArea type="auto" offsetScrollbars>
          <Group align="flex-start" wrap="nowrap" gap="sm" pb="xs">
            {columns.map((status, i) => {
              const done = doneColumns.includes(status);
              const items = [...(lists[i]?.data ?? [])].sort((a, b) =>
                done ? resolved(b) - resolved(a) : due(a) - due(b),
              );
              return (
                <Paper
                  key={status}
                  component="section"
                  aria-label={statusLabels[status]}
                  withBorder
                  p="xs"
                  bg="var(--mantine-color-default-hover)"
                  style={{ flex: '1 0 min(230px, 82vw)', maxWidth: 360 }}
                >
                  <Group gap="xs" mb="xs" px={4}>
                    <Title order={2} size="h6">
                      {statusLabels[status]}
                    </Title>
                    <Badge size="sm" variant="light" color={statusColors[status]}>
                      {items.length}
                      {done && items.length >= DONE_MAX ? '+' : ''}
                    </Badge>
                  </Group>
                  <Stack gap="xs" role="list" aria-label={`${statusLabels[status]} issues`}>
                    {items.length === 0 && (
                      <Text size="xs" c="dimmed" px={4} py="sm">
                        Nothing here.
                      </Text>
                    )}
                    {items.map((issue) => (
                      <IssueCard
                        key={issue.id}
                        issue={issue}
                        assigneeName={userName(issue.assigneeId)}
                        canChange={canChangeIssue(me, issue)}
                        onMove={(s) => move.move(issue, s)}
                        moving={move.isMoving(issue)}
                      />
                    ))}
                  </Stack>
                </Paper>
              );
            })}
          </Group>
        </ScrollArea>
      )}
      {canWorkAccounts(me) && (
        <IssueFormModal opened={creating} accountId={null} issue={null} onClose={() => setCreating(false)} />
      )}
    </Stack>
  );
}
