import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { accountLookupQuery, accountQuery } from './accounts.api.ts';

/** Picks an account in scope by typing part of its name or domain; the server does the matching. */
export function AccountSelect({
  value,
  onChange,
  excludeId,
  ...props
}: {
  value: string | null;
  onChange: (id: string | null) => void;
  /** An account not to offer (an account cannot be its own parent). */
  excludeId?: string;
} & Omit<SelectProps, 'data' | 'value' | 'onChange'>) {
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
  for (const a of lookup.data ?? []) if (!a.archivedAt && a.id !== excludeId) options.set(a.id, a.name);
  const data = [...options].map(([id, name]) => ({ value: id, label: name }));

  return (
    <Select
      placeholder={value && selected.isPending ? 'Loading…' : 'Type to search'}
      data={data}
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
      comboboxProps={{ withinPortal: true }}
      {...props}
    />
  );
}
