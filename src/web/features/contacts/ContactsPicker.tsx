import { MultiSelect, type MultiSelectProps } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { personName } from '../../ui/format.ts';
import { contactsQuery } from './contacts.api.ts';

/** Picks contacts of an account, labelled "Contacts"; `placeholder` says what they are picked for. */
export function ContactsPicker({
  accountId,
  placeholder,
  ...input
}: { accountId: string; placeholder: string } & Omit<MultiSelectProps, 'data'>) {
  const contacts = useQuery(contactsQuery(accountId));
  const data = (contacts.data ?? []).map((c) => ({
    value: c.id,
    label: personName(c.firstName, c.lastName),
  }));
  return (
    <MultiSelect
      label="Contacts"
      placeholder={data.length ? placeholder : 'No contacts yet'}
      data={data}
      searchable
      clearable
      disabled={data.length === 0}
      nothingFoundMessage="Nobody matches."
      comboboxProps={{ withinPortal: true }}
      {...input}
    />
  );
}
