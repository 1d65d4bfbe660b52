import { Badge, Button, Code, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ApiKey } from '../../api.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { EmptyState, ErrorState, PageLoader, Toolbar } from '../../ui/states.tsx';
import { useMe } from '../session/session.ts';
import { userDirectoryQuery } from '../users/users.api.ts';
import { apiKeysQuery, useRevokeApiKey } from './api-keys.api.ts';
import { NewApiKeyModal } from './NewApiKeyModal.tsx';

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
  const expired = (k: ApiKey) => k.expiresAt !== null && new Date(k.expiresAt) < new Date();

  return (
    <Stack gap="md">
      <Toolbar
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setNewOpen(true)}>
            New API key
          </Button>
        }
      >
        <Text size="sm" c="dimmed">
          {isAdmin
            ? 'API keys let scripts and integrations call the Steward API. As an admin you see everyone’s keys.'
            : 'API keys let scripts and integrations call the Steward API as you.'}
        </Text>
      </Toolbar>

      {keys.isPending ? (
        <PageLoader label="Loading API keys…" />
      ) : keys.isError ? (
        <ErrorState error={keys.error} title="Could not load API keys" onRetry={() => void keys.refetch()} />
      ) : keys.data.length === 0 ? (
        <EmptyState title="No API keys">
          Create one to call the Steward API from a script or another tool.
        </EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={isAdmin ? 860 : 720}>
          <Table striped highlightOnHover verticalSpacing="sm" aria-label="API keys">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                {isAdmin && <Table.Th>Owner</Table.Th>}
                <Table.Th>Prefix</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.data.map((k) => (
                <Table.Tr key={k.id}>
                  <Table.Td fw={500} id={`key-name-${k.id}`}>
                    {k.name}
                  </Table.Td>
                  {isAdmin && (
                    <Table.Td>
                      {k.userId === me.id
                        ? 'You'
                        : (nameOf.get(k.userId) ?? (users.isFetching ? '…' : 'Unknown user'))}
                    </Table.Td>
                  )}
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
                  <Table.Td ta="right">
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      aria-describedby={`key-name-${k.id}`}
                      onClick={() => {
                        revoke.reset();
                        setRevoking(k);
                        setConfirmOpen(true);
                      }}
                    >
                      Revoke
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

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
