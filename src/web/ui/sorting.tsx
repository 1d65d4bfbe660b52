import { Group, Table, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconArrowDown, IconArrowsSort, IconArrowUp } from '@tabler/icons-react';

/** `field` ascending or `-field` descending. */
export type SortKey<F extends string> = F | `-${F}`;

/** The sort after clicking a column: its first direction, then the other way round. */
export function toggleSort<F extends string>(
  current: SortKey<F>,
  field: F,
  first: '' | '-' = '',
): SortKey<F> {
  if (current.replace(/^-/, '') !== field) return `${first}${field}` as SortKey<F>;
  return (current.startsWith('-') ? field : `-${field}`) as SortKey<F>;
}

/** A sorted copy: numbers by value, text by the reader's collation; ties keep their order. */
export function sortRows<T, F extends string>(
  rows: readonly T[],
  sort: SortKey<F>,
  value: (row: T, field: F) => string | number | null,
): T[] {
  const field = sort.replace(/^-/, '') as F;
  const sign = sort.startsWith('-') ? -1 : 1;
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  return [...rows].sort((a, b) => {
    const x = value(a, field);
    const y = value(b, field);
    if (x === y) return 0;
    // Empty values go last whichever way the column is sorted.
    if (x === null) return 1;
    if (y === null) return -1;
    const order =
      typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
    return order * sign;
  });
}

/** A column head that sorts the table, telling screen readers which way it is sorted. */
export function SortableTh<F extends string>({
  field,
  label,
  sort,
  onSort,
  first = '',
  align,
  width,
}: {
  field: F;
  label: string;
  sort: SortKey<F>;
  onSort: (sort: SortKey<F>) => void;
  first?: '' | '-';
  align?: 'right';
  width?: number;
}) {
  const active = sort.replace(/^-/, '') === field;
  const descending = sort.startsWith('-');
  const Icon = !active ? IconArrowsSort : descending ? IconArrowDown : IconArrowUp;
  return (
    <Table.Th
      w={width}
      aria-sort={active ? (descending ? 'descending' : 'ascending') : 'none'}
      style={{ padding: 0 }}
    >
      <UnstyledButton
        onClick={() => onSort(toggleSort(sort, field, first))}
        px="xs"
        py={8}
        w="100%"
        fw={700}
        fz="sm"
      >
        <Group gap={4} wrap="nowrap" justify={align === 'right' ? 'flex-end' : undefined}>
          <span style={{ whiteSpace: 'nowrap' }}>{label}</span>
          <Icon size={14} stroke={1.5} aria-hidden style={{ opacity: active ? 1 : 0.45 }} />
          {active && (
            <VisuallyHidden>{descending ? ', sorted descending' : ', sorted ascending'}</VisuallyHidden>
          )}
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}
