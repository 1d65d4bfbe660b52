import { Badge, Code, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ApiKey } from '../../api.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { AddButton, QueryContent, RecordTable, RowActions } from '../../ui/lists.tsx';
import { EmptyState, Toolbar } from '../../ui/states.tsx';
import { useMe } from '../session/index.ts';
import { userDirectoryQuery } from '../users/index.ts';
import { apiKeysQuery, useRevokeApiKey } from './api-keys.api.ts';
import { NewApiKeyModal } from './NewApiKeyModal.tsx';

const expired = (k: ApiKey) => k.expiresAt !== null && new Date(k.expiresAt) < new Date();

export function ApiKeysTab() {
  const me = useMe();
  const isAdmin = me.role === 'admin';
  const keys = useQuery(apiKeysQuery);
  // Admins see everyone's keys, so show whose each one is.
  const users = useQuery({ ...userDirectoryQuery, enabled: isAdmin });
  const nameOf = new Map((users.data ?? []).map((u) => [u.id, u.name]));
  const [newOpen, setNewOpen] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [confirmOpen, setConfirmOpen] = useState(false);
  const revoke = useRevokeApiKey();

  const confirmRevoke = () => {
    if (!revoking) return;
    revoke.mutate(revoking, {
      onSuccess: () => {
        notifications.show({ color: 'green', message: `API key ${revoking.name} revoked.` });
        setConfirmOpen(false);
      },
    });
  };

  return (
    <Stack gap="md">
      <Toolbar actions={<AddButton onClick={() => setNewOpen(true)}>New API key</AddButton>}>
        <Text size="sm" c="dimmed">
          {isAdmin
            ? 'API keys let scripts and integrations call the Steward API. As an admin you see everyone’s keys.'
            : 'API keys let scripts and integrations call the Steward API as you.'}
        </Text>
      </Toolbar>

      <QueryContent
        query={keys}
        what="API keys"
        empty={
          keys.data?.length === 0 && (
            <EmptyState title="No API keys">
              Create one to call the Steward API from a script or another tool.
            </EmptyState>
          )
        }
      >
        <RecordTable
          label="API keys"
          minWidth={isAdmin ? 860 : 720}
          columns={['Name', ...(isAdmin ? ['Owner'] : []), 'Prefix', 'Created', 'Last used', 'Expires']}
          withActions
        >
          {(keys.data ?? []).map((k) => (
            <KeyRow
              key={k.id}
              apiKey={k}
              owner={
                isAdmin &&
                (k.userId === me.id
                  ? 'You'
                  : (nameOf.get(k.userId) ?? (users.isFetching ? '…' : 'Unknown user')))
              }
              onRevoke={() => {
                revoke.reset();
                setRevoking(k);
                setConfirmOpen(true);
              }}
            />
          ))}
        </RecordTable>
      </QueryContent>

      <NewApiKeyModal opened={newOpen} onClose={() => setNewOpen(false)} />
      <ConfirmModal
        opened={confirmOpen}
        title={`Revoke ${revoking?.name ?? 'this key'}?`}
        confirmLabel="Revoke"
        loading={revoke.isPending}
        error={revoke.error}
        onConfirm={confirmRevoke}
        onClose={() => setConfirmOpen(false)}
      >
        Anything that uses this key stops working at once. This cannot be undone.
      </ConfirmModal>
    </Stack>
  );
}

/** A key in the table: name, owner (for admins, else `owner` is false), prefix, dates, and Revoke. */
function KeyRow({
  apiKey: k,
  owner,
  onRevoke,
}: {
  apiKey: ApiKey;
  owner: string | false;
  onRevoke: () => void;
}) {
  return (
    <Table.Tr>
      <Table.Td fw={500} id={`key-name-${k.id}`}>
        {k.name}
      </Table.Td>
      {owner !== false && <Table.Td>{owner}</Table.Td>}
      <Table.Td>
        <Code>{k.prefix}</Code>
      </Table.Td>
      <Table.Td>{formatDateTime(k.createdAt)}</Table.Td>
      <Table.Td>{formatDateTime(k.lastUsedAt, 'Never')}</Table.Td>
      <Table.Td>
        {expired(k) ? (
          <Badge color="gray" variant="light">
            Expired
          </Badge>
        ) : (
          formatDateTime(k.expiresAt, 'Never')
        )}
      </Table.Td>
      <RowActions
        describedBy={`key-name-${k.id}`}
        actions={[{ label: 'Revoke', color: 'red', onClick: onRevoke }]}
      />
    </Table.Tr>
  );
}
