import { MultiSelect, type MultiSelectProps } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMe } from '../session/index.ts';
import { activeUsersQuery, userDirectoryQuery } from './users.api.ts';

/**
 * Picks some of our users: the active ones, and those already picked even if they have left since
 * (named from the directory). `exclude` leaves someone out of the choices, such as an account's owner.
 */
export function UsersPicker({
  value,
  exclude,
  ...input
}: { value: string[]; exclude?: string } & Omit<MultiSelectProps, 'data' | 'value'>) {
  const me = useMe();
  const active = useQuery(activeUsersQuery);
  const directory = useQuery(userDirectoryQuery);
  const label = (id: string, name: string) => (id === me.id ? `${name} (me)` : name);

  const options = new Map<string, string>();
  for (const u of active.data ?? []) if (u.id !== exclude) options.set(u.id, label(u.id, u.name));
  for (const id of value) {
    if (options.has(id)) continue;
    const name = directory.data?.find((u) => u.id === id)?.name ?? (id === me.id ? me.name : null);
    options.set(id, name ? label(id, name) : '…');
  }
  const data = [...options].map(([id, name]) => ({ value: id, label: name }));

  return (
    <MultiSelect
      data={data}
      value={value}
      searchable
      clearable
      nothingFoundMessage="Nobody matches."
      comboboxProps={{ withinPortal: true }}
      {...input}
    />
  );
}
