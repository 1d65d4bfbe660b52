import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { accountLookupQuery, accountQuery } from './accounts.api.ts';

/** Picks an account by typing part of its name or domain; the server does the (typo-tolerant) matching. */
export function ParentAccountSelect({
  value,
  onChange,
  excludeId,
  error,
}: {
  value: string | null;
  onChange: (id: string | null) => void;
  excludeId?: string;
  error?: ReactNode;
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
  for (const a of lookup.data ?? []) if (a.id !== excludeId) options.set(a.id, a.name);
  const data = [...options].map(([id, name]) => ({ value: id, label: name }));

  return (
    <Select
      label="Parent account"
      description="For a subsidiary or a division of a larger client."
      placeholder={value && selected.isPending ? 'Loading…' : 'None: type to search'}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      // The server already matched (with typos); do not filter its answer again.
      filter={({ options: o }) => o}
      onDropdownOpen={() => setDropdownOpen(true)}
      onDropdownClose={() => setDropdownOpen(false)}
      nothingFoundMessage={lookup.isFetching ? 'Searching…' : 'No account matches.'}
      error={error}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
