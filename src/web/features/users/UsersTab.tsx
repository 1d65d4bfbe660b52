import { Badge, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { User } from '../../api.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { useFormModal } from '../../ui/dialogs.ts';
import {
  AddButton,
  MorePages,
  NameCell,
  QueryContent,
  RecordTable,
  type RowAction,
  RowActions,
} from '../../ui/lists.tsx';
import { EmptyState, Toolbar } from '../../ui/states.tsx';
import { useMe } from '../session/index.ts';
import { ResetPasswordModal } from './ResetPasswordModal.tsx';
import { roleLabel } from './roles.ts';
import { UserFormModal } from './UserFormModal.tsx';
import { teamsQuery, type UserFilters, usersListQuery, useUpdateUser } from './users.api.ts';

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

  const editor = useFormModal<User>();
  const resetter = useFormModal<User>();
  const [toggling, setToggling] = useState<User | null>(null);
  const [confirmOpen, setConfirmOpen] = useState(false);
  const toggle = useUpdateUser();

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
      <Toolbar actions={isAdmin && <AddButton onClick={() => editor.open(null)}>New user</AddButton>}>
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

      <QueryContent
        query={list}
        what="users"
        empty={
          users.length === 0 && (
            <EmptyState title={filtered ? 'No users match' : 'No users yet'}>
              {filtered ? 'Try another search or status.' : null}
            </EmptyState>
          )
        }
      >
        <RecordTable
          label="Users"
          minWidth={isAdmin ? 1100 : 800}
          columns={['Name', 'Email', 'Role', 'Teams', 'Weekly capacity', 'Status']}
          withActions={isAdmin}
        >
          {users.map((u) => (
            <UserRow
              key={u.id}
              user={u}
              isMe={u.id === me.id}
              teams={u.teamIds.map((id) => teamName.get(id) ?? (teams.isFetching ? '…' : 'Unknown team'))}
              actions={
                isAdmin && [
                  { label: 'Edit', onClick: () => editor.open(u) },
                  // Your own password is changed from the user menu, which keeps you signed in.
                  ...(u.id === me.id ? [] : [{ label: 'Reset password', onClick: () => resetter.open(u) }]),
                  {
                    label: u.active ? 'Deactivate' : 'Reactivate',
                    color: u.active ? 'red' : 'green',
                    onClick: () => {
                      toggle.reset();
                      setToggling(u);
                      setConfirmOpen(true);
                    },
                  },
                ]
              }
            />
          ))}
        </RecordTable>
        <MorePages list={list} errorTitle="Could not load more users" />
      </QueryContent>

      {isAdmin && <UserFormModal opened={editor.opened} user={editor.record} onClose={editor.close} />}
      {isAdmin && (
        <ResetPasswordModal opened={resetter.opened} user={resetter.record} onClose={resetter.close} />
      )}
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

/** A user in the table: name (and "You"), e-mail, role, teams, whether active, and `actions`. */
function UserRow({
  user: u,
  isMe,
  teams,
  actions,
}: {
  user: User;
  isMe: boolean;
  teams: string[];
  actions: RowAction[] | false;
}) {
  return (
    <Table.Tr>
      <NameCell
        id={`user-name-${u.id}`}
        badge={
          isMe && (
            <Badge size="xs" variant="outline">
              You
            </Badge>
          )
        }
      >
        {u.name}
      </NameCell>
      <Table.Td>{u.email}</Table.Td>
      <Table.Td>{roleLabel(u.role)}</Table.Td>
      <Table.Td>{teams.length ? teams.join(', ') : '—'}</Table.Td>
      <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{u.weeklyCapacityPoints} points</Table.Td>
      <Table.Td>
        <Badge color={u.active ? 'green' : 'gray'} variant="light">
          {u.active ? 'Active' : 'Deactivated'}
        </Badge>
      </Table.Td>
      {actions && <RowActions describedBy={`user-name-${u.id}`} actions={actions} />}
    </Table.Tr>
  );
}
