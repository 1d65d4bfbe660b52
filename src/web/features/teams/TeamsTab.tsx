import { Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { Team } from '../../api.ts';
import { useFormModal } from '../../ui/dialogs.ts';
import { AddButton, QueryContent, RecordTable, RowActions } from '../../ui/lists.tsx';
import { EmptyState, ErrorState, Toolbar } from '../../ui/states.tsx';
import { useMe } from '../session/index.ts';
import { teamsQuery, userDirectoryQuery } from '../users/index.ts';
import { TeamFormModal } from './TeamFormModal.tsx';

const MAX_NAMES = 8;

export function TeamsTab() {
  const me = useMe();
  const isAdmin = me.role === 'admin';
  const teams = useQuery(teamsQuery);
  const users = useQuery(userDirectoryQuery);
  const editor = useFormModal<Team>();

  const nameOf = new Map((users.data ?? []).map((u) => [u.id, u.name]));
  /** Names in alphabetical order; a long list ends with how many more there are. */
  const names = (ids: string[]) => {
    if (ids.length === 0) return '—';
    const all = ids
      .map((id) => nameOf.get(id) ?? (users.isFetching || users.isPending ? '…' : 'Unknown user'))
      .sort((a, b) => a.localeCompare(b));
    return all.length > MAX_NAMES
      ? `${all.slice(0, MAX_NAMES).join(', ')} and ${all.length - MAX_NAMES} more`
      : all.join(', ');
  };

  return (
    <Stack gap="md">
      <Toolbar actions={isAdmin && <AddButton onClick={() => editor.open(null)}>New team</AddButton>}>
        <Text size="sm" c="dimmed">
          {isAdmin
            ? 'A manager sees the accounts owned by the members of the teams they manage.'
            : 'Only admins can add or change teams.'}
        </Text>
      </Toolbar>

      <QueryContent
        query={teams}
        what="teams"
        empty={
          teams.data?.length === 0 && (
            <EmptyState title="No teams yet">
              {isAdmin ? 'Create a team to group account managers under their manager.' : null}
            </EmptyState>
          )
        }
      >
        <RecordTable
          label="Teams"
          minWidth={640}
          columns={['Name', 'Managers', 'Members']}
          withActions={isAdmin}
        >
          {(teams.data ?? []).map((t) => (
            <Table.Tr key={t.id}>
              <Table.Td fw={500} id={`team-name-${t.id}`}>
                {t.name}
              </Table.Td>
              <Table.Td>{names(t.managerIds)}</Table.Td>
              <Table.Td>{names(t.memberIds)}</Table.Td>
              {isAdmin && (
                <RowActions
                  describedBy={`team-name-${t.id}`}
                  actions={[{ label: 'Edit', onClick: () => editor.open(t) }]}
                />
              )}
            </Table.Tr>
          ))}
        </RecordTable>
      </QueryContent>
      {users.isError && (
        <ErrorState error={users.error} title="Could not load names" onRetry={() => void users.refetch()} />
      )}
      {isAdmin && <TeamFormModal opened={editor.opened} team={editor.record} onClose={editor.close} />}
    </Stack>
  );
}
