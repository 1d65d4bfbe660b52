import { Anchor, Badge, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useFormModal } from '../../ui/dialogs.ts';
import { formatMoney } from '../../ui/format.ts';
import { AddButton, MorePages, QueryContent, RecordTable, RowActions } from '../../ui/lists.tsx';
import { EmptyState, Toolbar } from '../../ui/states.tsx';
import { useMe } from '../session/index.ts';
import { canEditVendors, formatRate, formatRating } from './labels.ts';
import { VendorFormModal } from './VendorFormModal.tsx';
import { type Vendor, type VendorFilters, vendorsListQuery } from './vendors.api.ts';

type Status = 'all' | 'true' | 'false';
const num = { fontVariantNumeric: 'tabular-nums' } as const;

/** The vendors directory: who the agency hires, what they cost and how they delivered. */
export function VendorsPage() {
  const me = useMe();
  const canEdit = canEditVendors(me);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [status, setStatus] = useState<Status>('true');
  const filters: VendorFilters = { q: q || undefined, active: status === 'all' ? undefined : status };
  const list = useInfiniteQuery({ ...vendorsListQuery(filters), placeholderData: keepPreviousData });
  const editor = useFormModal<Vendor>();
  const vendors = list.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = Boolean(filters.q) || status !== 'true';

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Vendors
      </Title>
      <Toolbar actions={canEdit && <AddButton onClick={() => editor.open(null)}>New vendor</AddButton>}>
        <TextInput
          label="Search vendors"
          placeholder="Name or category"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={{ base: '100%', xs: 280 }}
        />
        <SegmentedControl
          aria-label="Status"
          value={status}
          onChange={(v) => setStatus(v as Status)}
          data={[
            { value: 'true', label: 'Active' },
            { value: 'false', label: 'Inactive' },
            { value: 'all', label: 'All' },
          ]}
        />
      </Toolbar>
      <QueryContent
        query={list}
        what="vendors"
        empty={
          vendors.length === 0 && (
            <EmptyState title={filtered ? 'No vendors match' : 'No vendors yet'}>
              {filtered
                ? 'Try another search or status.'
                : canEdit
                  ? 'Add the studios, printers and freelancers you hire with New vendor; their engagements on projects build their record.'
                  : 'Vendors the agency hires will show here.'}
            </EmptyState>
          )
        }
      >
        <RecordTable
          label="Vendors"
          minWidth={960}
          columns={['Name', 'Category', 'Engagements', 'Total cost', 'Average rating', 'On time', 'Status']}
          withActions={canEdit}
        >
          {vendors.map((v) => (
            <Table.Tr key={v.id}>
              <Table.Td>
                <Anchor
                  id={`vendor-name-${v.id}`}
                  fw={500}
                  size="sm"
                  renderRoot={(props) => (
                    <Link to="/vendors/$vendorId" params={{ vendorId: v.id }} {...props} />
                  )}
                >
                  {v.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{v.category ?? '—'}</Table.Td>
              <Table.Td style={num}>{v.engagements}</Table.Td>
              <Table.Td style={num}>{formatMoney(v.totalCost)}</Table.Td>
              <Table.Td style={num}>{formatRating(v.averageRating)}</Table.Td>
              <Table.Td style={num}>{formatRate(v.onTimeRate)}</Table.Td>
              <Table.Td>
                <Badge color={v.active ? 'green' : 'gray'} variant="light">
                  {v.active ? 'Active' : 'Inactive'}
                </Badge>
              </Table.Td>
              {canEdit && (
                <RowActions
                  describedBy={`vendor-name-${v.id}`}
                  actions={[{ label: 'Edit', onClick: () => editor.open(v) }]}
                />
              )}
            </Table.Tr>
          ))}
        </RecordTable>
        <MorePages list={list} errorTitle="Could not load more vendors" />
      </QueryContent>
      <Text size="xs" c="dimmed">
        Total cost counts delivered engagements; on time is the share delivered on or before their due date.
      </Text>
      {canEdit && <VendorFormModal opened={editor.opened} vendor={editor.record} onClose={editor.close} />}
    </Stack>
  );
}
