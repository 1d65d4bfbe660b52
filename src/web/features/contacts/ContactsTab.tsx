import { Anchor, Badge, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { Account, Contact } from '../../api.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { useDeleteConfirm, useFormModal } from '../../ui/dialogs.ts';
import { ExportCsvButton } from '../../ui/ExportCsvButton.tsx';
import { formatDateTime, personName } from '../../ui/format.ts';
import {
  AddButton,
  NameCell,
  QueryContent,
  RecordTable,
  type RowAction,
  RowActions,
} from '../../ui/lists.tsx';
import { EmptyState, Toolbar } from '../../ui/states.tsx';
import { canWorkAccounts, useMe } from '../session/index.ts';
import { ContactFormModal } from './ContactFormModal.tsx';
import { contactsQuery, useDeleteContact } from './contacts.api.ts';
import { contactRoleLabels } from './labels.ts';

const nameOf = (c: Contact) => personName(c.firstName, c.lastName);

/** A link that opens the mail or phone app, or a dash. */
function LinkOrDash({ scheme, value }: { scheme: 'mailto' | 'tel'; value: string | null }) {
  return value ? (
    <Anchor href={`${scheme}:${value}`} size="sm">
      {value}
    </Anchor>
  ) : (
    '—'
  );
}

export function ContactsTab({ account }: { account: Account }) {
  const me = useMe();
  const canWork = canWorkAccounts(me) && !account.archivedAt;
  const contacts = useQuery(contactsQuery(account.id));
  const editor = useFormModal<Contact>();
  const deleting = useDeleteConfirm(useDeleteContact(account.id), (c) => `${nameOf(c)} deleted.`);

  // Primary first, then by name.
  const sorted = [...(contacts.data ?? [])].sort(
    (a, b) => Number(b.isPrimary) - Number(a.isPrimary) || nameOf(a).localeCompare(nameOf(b)),
  );

  return (
    <Stack gap="md">
      <Toolbar
        actions={
          <>
            <ExportCsvButton entity="contacts" filters={{ accountId: account.id }} />
            {canWork && <AddButton onClick={() => editor.open(null)}>Add contact</AddButton>}
          </>
        }
      >
        <Text size="sm" c="dimmed">
          The people you work with at {account.name}.
        </Text>
      </Toolbar>
      <QueryContent
        query={contacts}
        what="contacts"
        empty={
          sorted.length === 0 && (
            <EmptyState title="No contacts yet">
              {canWork ? 'Add the decision makers, champions and billing contacts here.' : null}
            </EmptyState>
          )
        }
      >
        <RecordTable
          label="Contacts"
          minWidth={canWork ? 820 : 680}
          columns={['Name', 'Title', 'Role', 'Email', 'Phone', 'Last contacted']}
          withActions={canWork}
        >
          {sorted.map((c) => (
            <ContactRow
              key={c.id}
              contact={c}
              actions={
                canWork && [
                  { label: 'Edit', onClick: () => editor.open(c) },
                  { label: 'Delete', color: 'red', onClick: () => deleting.ask(c) },
                ]
              }
            />
          ))}
        </RecordTable>
      </QueryContent>
      {canWork && (
        <ContactFormModal
          opened={editor.opened}
          accountId={account.id}
          contact={editor.record}
          onClose={editor.close}
        />
      )}
      <ConfirmModal {...deleting.modal} title={`Delete ${deleting.item ? nameOf(deleting.item) : ''}?`}>
        The contact is removed from this account and from the activities and meetings that list them. This
        cannot be undone.
      </ConfirmModal>
    </Stack>
  );
}

/** A contact in the table: name (and "Primary"), title, role, e-mail, phone, last contact, `actions`. */
function ContactRow({ contact: c, actions }: { contact: Contact; actions: RowAction[] | false }) {
  return (
    <Table.Tr>
      <NameCell
        id={`contact-${c.id}`}
        badge={
          c.isPrimary && (
            <Badge size="xs" variant="light">
              Primary
            </Badge>
          )
        }
      >
        {nameOf(c)}
      </NameCell>
      <Table.Td>{c.title ?? '—'}</Table.Td>
      <Table.Td>{c.role ? contactRoleLabels[c.role] : '—'}</Table.Td>
      <Table.Td>
        <LinkOrDash scheme="mailto" value={c.email} />
      </Table.Td>
      <Table.Td>
        <LinkOrDash scheme="tel" value={c.phone} />
      </Table.Td>
      <Table.Td>{formatDateTime(c.lastContactedAt, 'Never')}</Table.Td>
      {actions && <RowActions describedBy={`contact-${c.id}`} actions={actions} />}
    </Table.Tr>
  );
}
