import {
  Badge,
  Button,
  Center,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { User } from '../../api.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { EmptyState, ErrorState, PageLoader, Toolbar } from '../../ui/states.tsx';
import { useMe } from '../session/session.ts';
import { teamsQuery } from '../teams/teams.api.ts';
import { roleLabel } from './roles.ts';
import { UserFormModal } from './UserFormModal.tsx';
import { type UserFilters, usersListQuery, useUpdateUser } from './users.api.ts';

type Status = 'all' | 'true' | 'false';

export function UsersTab() {
  const me = useMe();
  const isAdmin = me.role === 'admin';
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [status, setStatus] = useState<Status>('all');
  const filters: UserFilters = { q: q || undefined, active: status === 'all' ? undefined : status };
  const list = useInfiniteQuery({ ...usersListQuery(filters), placeholderData: keepPreviousData });
  const teams = useQuery(teamsQuery);
  const teamName = new Map((teams.data ?? []).map((t) => [t.id, t.name]));

  const [editing, setEditing] = useState<User | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [toggling, setToggling] = useState<User | null>(null);
  const [confirmOpen, setConfirmOpen] = useState(false);
  const toggle = useUpdateUser();

  const openForm = (user: User | null) => {
    setEditing(user);
    setFormOpen(true);
  };
  const confirmToggle = () => {
    if (!toggling) return;
    const active = !toggling.active;
    toggle.mutate(
      { user: toggling, body: { active } },
      {
        onSuccess: (u) => {
          notifications.show({
            color: 'green',
            message: active ? `${u.name} is active again.` : `${u.name} is deactivated.`,
          });
          setConfirmOpen(false);
        },
      },
    );
  };

  const users = list.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = Boolean(filters.q || filters.active);

  return (
    <Stack gap="md">
      <Toolbar
        actions={
          isAdmin && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => openForm(null)}>
              New user
            </Button>
          )
        }
      >
        <TextInput
          label="Search users"
          placeholder="Name or e-mail"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={{ base: '100%', xs: 280 }}
        />
        <SegmentedControl
          aria-label="Status"
          value={status}
          onChange={(v) => setStatus(v as Status)}
          data={[
            { value: 'all', label: 'All' },
            { value: 'true', label: 'Active' },
            { value: 'false', label: 'Deactivated' },
          ]}
        />
      </Toolbar>
      {!isAdmin && (
        <Text size="sm" c="dimmed">
          Only admins can add or change users.
        </Text>
      )}

      {list.isPending ? (
        <PageLoader label="Loading users…" />
      ) : list.isError && !list.data ? (
        <ErrorState error={list.error} title="Could not load users" onRetry={() => void list.refetch()} />
      ) : users.length === 0 ? (
        <EmptyState title={filtered ? 'No users match' : 'No users yet'}>
          {filtered ? 'Try another search or status.' : null}
        </EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={isAdmin ? 860 : 680}>
            <Table striped highlightOnHover verticalSpacing="sm" aria-label="Users">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Teams</Table.Th>
                  <Table.Th>Status</Table.Th>
                  {isAdmin && (
                    <Table.Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {users.map((u) => (
                  <Table.Tr key={u.id}>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm" fw={500} id={`user-name-${u.id}`}>
                          {u.name}
                        </Text>
                        {u.id === me.id && (
                          <Badge size="xs" variant="outline">
                            You
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>{u.email}</Table.Td>
                    <Table.Td>{roleLabel(u.role)}</Table.Td>
                    <Table.Td>
                      {u.teamIds.length
                        ? u.teamIds
                            .map((id) => teamName.get(id) ?? (teams.isFetching ? '…' : 'Unknown team'))
                            .join(', ')
                        : '—'}
                    </Table.Td>
                    <Table.Td>
                      <Badge color={u.active ? 'green' : 'gray'} variant="light">
                        {u.active ? 'Active' : 'Deactivated'}
                      </Badge>
                    </Table.Td>
                    {isAdmin && (
                      <Table.Td>
                        <Group gap={4} justify="flex-end" wrap="nowrap">
                          <Button
                            size="xs"
                            variant="subtle"
                            aria-describedby={`user-name-${u.id}`}
                            onClick={() => openForm(u)}
                          >
                            Edit
                          </Button>
                          <Button
                            size="xs"
                            variant="subtle"
                            color={u.active ? 'red' : 'green'}
                            aria-describedby={`user-name-${u.id}`}
                            onClick={() => {
                              toggle.reset();
                              setToggling(u);
                              setConfirmOpen(true);
                            }}
                          >
                            {u.active ? 'Deactivate' : 'Reactivate'}
                          </Button>
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {list.isFetchNextPageError && (
            <ErrorState
              error={list.error}
              title="Could not load more users"
              onRetry={() => void list.fetchNextPage()}
            />
          )}
          {list.hasNextPage && (
            <Center>
              <Button
                variant="default"
                onClick={() => void list.fetchNextPage()}
                loading={list.isFetchingNextPage}
              >
                Load more
              </Button>
            </Center>
          )}
        </>
      )}

      {isAdmin && <UserFormModal opened={formOpen} user={editing} onClose={() => setFormOpen(false)} />}
      <ConfirmModal
        opened={confirmOpen}
        title={toggling?.active ? `Deactivate ${toggling.name}?` : `Reactivate ${toggling?.name ?? ''}?`}
        confirmLabel={toggling?.active ? 'Deactivate' : 'Reactivate'}
        color={toggling?.active ? 'red' : 'green'}
        loading={toggle.isPending}
        error={toggle.error}
        onConfirm={confirmToggle}
        onClose={() => setConfirmOpen(false)}
      >
        {toggling?.active
          ? 'They are signed out at once, can no longer sign in, and their API keys stop working. You can reactivate them later; their revoked API keys stay revoked.'
          : 'They can sign in again with their password. API keys revoked when they were deactivated stay revoked.'}
      </ConfirmModal>
    </Stack>
  );
}
