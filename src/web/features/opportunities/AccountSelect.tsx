import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { accountLookupQuery, accountQuery } from '../accounts/accounts.api.ts';

/** Picks one of the user's accounts by typing part of its name or domain (the server matches). */
export function AccountSelect({
  value,
  onChange,
  error,
  required,
}: {
  value: string | null;
  onChange: (id: string | null) => void;
  error?: ReactNode;
  required?: boolean;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 200);
  const [dropdownOpen, setDropdownOpen] = useState(false);
  const lookup = useQuery({
    ...accountLookupQuery(q),
    enabled: dropdownOpen,
    placeholderData: keepPreviousData,
  });
  const selected = useQuery({ ...accountQuery(value ?? ''), enabled: Boolean(value) });

  const options = new Map<string, string>();
  if (value && selected.data) options.set(value, selected.data.name);
  for (const a of lookup.data ?? []) if (!a.archivedAt) options.set(a.id, a.name);

  return (
    <Select
      label="Account"
      required={required}
      placeholder="Type to search"
      data={[...options].map(([id, name]) => ({ value: id, label: name }))}
      value={value}
      onChange={onChange}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      // The server already matched (with typos); do not filter its answer again.
      filter={({ options: o }) => o}
      onDropdownOpen={() => setDropdownOpen(true)}
      onDropdownClose={() => setDropdownOpen(false)}
      nothingFoundMessage={lookup.isFetching ? 'Searching…' : 'No account matches.'}
      error={error}
      data-autofocus
      comboboxProps={{ withinPortal: true }}
    />
  );
}
