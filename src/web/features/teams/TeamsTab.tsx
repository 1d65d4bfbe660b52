import { Button, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Team } from '../../api.ts';
import { EmptyState, ErrorState, PageLoader, Toolbar } from '../../ui/states.tsx';
import { useMe } from '../session/session.ts';
import { userDirectoryQuery } from '../users/users.api.ts';
import { TeamFormModal } from './TeamFormModal.tsx';
import { teamsQuery } from './teams.api.ts';

const MAX_NAMES = 8;

export function TeamsTab() {
  const me = useMe();
  const isAdmin = me.role === 'admin';
  const teams = useQuery(teamsQuery);
  const users = useQuery(userDirectoryQuery);
  const [editing, setEditing] = useState<Team | null>(null);
  const [formOpen, setFormOpen] = useState(false);

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
  const openForm = (team: Team | null) => {
    setEditing(team);
    setFormOpen(true);
  };

  return (
    <Stack gap="md">
      <Toolbar
        actions={
          isAdmin && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => openForm(null)}>
              New team
            </Button>
          )
        }
      >
        <Text size="sm" c="dimmed">
          {isAdmin
            ? 'A manager sees the accounts owned by the members of the teams they manage.'
            : 'Only admins can add or change teams.'}
        </Text>
      </Toolbar>

      {teams.isPending ? (
        <PageLoader label="Loading teams…" />
      ) : teams.isError ? (
        <ErrorState error={teams.error} title="Could not load teams" onRetry={() => void teams.refetch()} />
      ) : teams.data.length === 0 ? (
        <EmptyState title="No teams yet">
          {isAdmin ? 'Create a team to group account managers under their manager.' : null}
        </EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover verticalSpacing="sm" aria-label="Teams">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Managers</Table.Th>
                <Table.Th>Members</Table.Th>
                {isAdmin && (
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {teams.data.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td fw={500} id={`team-name-${t.id}`}>
                    {t.name}
                  </Table.Td>
                  <Table.Td>{names(t.managerIds)}</Table.Td>
                  <Table.Td>{names(t.memberIds)}</Table.Td>
                  {isAdmin && (
                    <Table.Td ta="right">
                      <Button
                        size="xs"
                        variant="subtle"
                        aria-describedby={`team-name-${t.id}`}
                        onClick={() => openForm(t)}
                      >
                        Edit
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {users.isError && (
        <ErrorState error={users.error} title="Could not load names" onRetry={() => void users.refetch()} />
      )}
      {isAdmin && <TeamFormModal opened={formOpen} team={editing} onClose={() => setFormOpen(false)} />}
    </Stack>
  );
}
