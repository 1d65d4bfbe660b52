import { Anchor, Badge, Button, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Account, Contact } from '../../api.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { formatDateTime, personName } from '../../ui/format.ts';
import { EmptyState, ErrorState, PageLoader, Toolbar } from '../../ui/states.tsx';
import { canWorkAccounts, useMe } from '../session/session.ts';
import { ContactFormModal } from './ContactFormModal.tsx';
import { contactsQuery, useDeleteContact } from './contacts.api.ts';
import { contactRoleLabels } from './labels.ts';

export function ContactsTab({ account }: { account: Account }) {
  const me = useMe();
  const canWork = canWorkAccounts(me) && !account.archivedAt;
  const contacts = useQuery(contactsQuery(account.id));
  const [editing, setEditing] = useState<Contact | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [deleting, setDeleting] = useState<Contact | null>(null);
  const remove = useDeleteContact(account.id);

  const open = (c: Contact | null) => {
    setEditing(c);
    setFormOpen(true);
  };
  // Primary first, then by name.
  const sorted = [...(contacts.data ?? [])].sort(
    (a, b) =>
      Number(b.isPrimary) - Number(a.isPrimary) ||
      personName(a.firstName, a.lastName).localeCompare(personName(b.firstName, b.lastName)),
  );

  return (
    <Stack gap="md">
      <Toolbar
        actions={
          canWork && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => open(null)}>
              Add contact
            </Button>
          )
        }
      >
        <Text size="sm" c="dimmed">
          The people you work with at {account.name}.
        </Text>
      </Toolbar>
      {contacts.isPending ? (
        <PageLoader label="Loading contacts…" />
      ) : contacts.isError ? (
        <ErrorState
          error={contacts.error}
          title="Could not load contacts"
          onRetry={() => void contacts.refetch()}
        />
      ) : sorted.length === 0 ? (
        <EmptyState title="No contacts yet">
          {canWork ? 'Add the decision makers, champions and billing contacts here.' : null}
        </EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={canWork ? 820 : 680}>
          <Table striped highlightOnHover verticalSpacing="sm" aria-label="Contacts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Title</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Phone</Table.Th>
                <Table.Th>Last contacted</Table.Th>
                {canWork && (
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sorted.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" fw={500} id={`contact-${c.id}`}>
                        {personName(c.firstName, c.lastName)}
                      </Text>
                      {c.isPrimary && (
                        <Badge size="xs" variant="light">
                          Primary
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{c.title ?? '—'}</Table.Td>
                  <Table.Td>{c.role ? contactRoleLabels[c.role] : '—'}</Table.Td>
                  <Table.Td>
                    {c.email ? (
                      <Anchor href={`mailto:${c.email}`} size="sm">
                        {c.email}
                      </Anchor>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td>
                    {c.phone ? (
                      <Anchor href={`tel:${c.phone}`} size="sm">
                        {c.phone}
                      </Anchor>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td>{formatDateTime(c.lastContactedAt, 'Never')}</Table.Td>
                  {canWork && (
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Button
                          size="xs"
                          variant="subtle"
                          aria-describedby={`contact-${c.id}`}
                          onClick={() => open(c)}
                        >
                          Edit
                        </Button>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          aria-describedby={`contact-${c.id}`}
                          onClick={() => {
                            remove.reset();
                            setDeleting(c);
                          }}
                        >
                          Delete
                        </Button>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {canWork && (
        <ContactFormModal
          opened={formOpen}
          accountId={account.id}
          contact={editing}
          onClose={() => setFormOpen(false)}
        />
      )}
      <ConfirmModal
        opened={deleting !== null}
        title={`Delete ${deleting ? personName(deleting.firstName, deleting.lastName) : ''}?`}
        confirmLabel="Delete"
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting, {
            onSuccess: () => {
              notifications.show({
                message: `${personName(deleting.firstName, deleting.lastName)} deleted.`,
              });
              setDeleting(null);
            },
          })
        }
        onClose={() => setDeleting(null)}
      >
        The contact is removed from this account and from the activities and meetings that list them. This
        cannot be undone.
      </ConfirmModal>
    </Stack>
  );
}
