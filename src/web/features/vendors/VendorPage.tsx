import {
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { formatDay, formatMoney } from '../../ui/format.ts';
import { QueryContent, RecordTable } from '../../ui/lists.tsx';
import { EmptyState, ErrorState, PageLoader } from '../../ui/states.tsx';
import { useMe } from '../session/index.ts';
import { ProjectLink } from '../workload/index.ts';
import {
  canEditVendors,
  engagementStatusColors,
  engagementStatusLabels,
  formatRate,
  formatRating,
} from './labels.ts';
import { VendorFormModal } from './VendorFormModal.tsx';
import { useDeleteVendor, type Vendor, vendorEngagementsQuery, vendorQuery } from './vendors.api.ts';

const num = { fontVariantNumeric: 'tabular-nums' } as const;

/** A vendor's record: their details, the four figures and every engagement the reader can see. */
export function VendorPage({ vendorId }: { vendorId: string }) {
  const vendor = useQuery(vendorQuery(vendorId));
  if (vendor.isPending) return <PageLoader label="Loading the vendor…" />;
  if (vendor.isError)
    return (
      <ErrorState
        error={vendor.error}
        title="Could not load the vendor"
        onRetry={() => void vendor.refetch()}
      />
    );
  return <VendorRecord vendor={vendor.data} />;
}

function Figure({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <Paper withBorder p="sm" title={hint} role="group" aria-label={label}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} style={num}>
        {value}
      </Text>
    </Paper>
  );
}

function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Group gap="xs" wrap="nowrap" align="baseline">
      <Text size="sm" c="dimmed" w={90}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Group>
  );
}

function VendorRecord({ vendor: v }: { vendor: Vendor }) {
  const me = useMe();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const navigate = useNavigate();
  const remove = useDeleteVendor((vendor) => {
    notifications.show({ message: `${vendor.name} deleted.` });
    return navigate({ to: '/vendors' });
  });
  const engagements = useQuery(vendorEngagementsQuery(v.id));
  const rows = [...(engagements.data ?? [])].sort((a, b) =>
    (b.dueDate ?? '9999').localeCompare(a.dueDate ?? '9999'),
  );

  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor size="sm" renderRoot={(props) => <Link to="/vendors" {...props} />}>
          Vendors
        </Anchor>
        <Text size="sm">{v.name}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="xs">
            <Title order={1} size="h2">
              {v.name}
            </Title>
            <Badge color={v.active ? 'green' : 'gray'} variant="light">
              {v.active ? 'Active' : 'Inactive'}
            </Badge>
          </Group>
          {v.category && <Text c="dimmed">{v.category}</Text>}
        </div>
        {canEditVendors(me) && (
          <Group gap="xs">
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
              Edit
            </Button>
            <Button
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={16} />}
              onClick={() => {
                remove.reset();
                setDeleting(true);
              }}
            >
              Delete vendor
            </Button>
          </Group>
        )}
      </Group>

      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Figure label="Engagements" value={String(v.engagements)} hint="Engagements on any project" />
        <Figure label="Total cost" value={formatMoney(v.totalCost)} hint="Cost of delivered engagements" />
        <Figure label="Average rating" value={formatRating(v.averageRating)} hint="Of rated engagements" />
        <Figure
          label="On time"
          value={formatRate(v.onTimeRate)}
          hint="Share of delivered engagements delivered on or before their due date"
        />
      </SimpleGrid>

      <Paper withBorder p="md">
        <Stack gap={6}>
          <Detail label="E-mail">
            {v.email ? <Anchor href={`mailto:${v.email}`}>{v.email}</Anchor> : '—'}
          </Detail>
          <Detail label="Phone">{v.phone ?? '—'}</Detail>
          <Detail label="Website">
            {v.website ? (
              <Anchor href={v.website} target="_blank" rel="noopener noreferrer">
                {v.website}
              </Anchor>
            ) : (
              '—'
            )}
          </Detail>
          <Detail label="Notes">
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {v.notes ?? '—'}
            </Text>
          </Detail>
        </Stack>
      </Paper>

      <Title order={2} size="h4">
        Engagements
      </Title>
      <QueryContent
        query={engagements}
        what="the engagements"
        empty={
          rows.length === 0 && (
            <EmptyState title="No engagements you can see">
              Engagements are added on a project’s Vendors tab.
            </EmptyState>
          )
        }
      >
        <RecordTable
          label="Engagements"
          minWidth={900}
          columns={['Project', 'Scope', 'Cost', 'Status', 'Due', 'Delivered on', 'Rating']}
        >
          {rows.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>
                <ProjectLink projectId={e.projectId} size="sm" fw={500}>
                  {e.projectName}
                </ProjectLink>
              </Table.Td>
              <Table.Td>{e.scope ?? '—'}</Table.Td>
              <Table.Td style={num}>{formatMoney(e.cost)}</Table.Td>
              <Table.Td>
                <Badge color={engagementStatusColors[e.status]} variant="light">
                  {engagementStatusLabels[e.status]}
                </Badge>
              </Table.Td>
              <Table.Td>{formatDay(e.dueDate)}</Table.Td>
              <Table.Td>{formatDay(e.deliveredOn)}</Table.Td>
              <Table.Td style={num}>{e.rating === null ? '—' : `${e.rating} / 5`}</Table.Td>
            </Table.Tr>
          ))}
        </RecordTable>
      </QueryContent>
      <VendorFormModal opened={editing} vendor={v} onClose={() => setEditing(false)} />
      <ConfirmModal
        opened={deleting}
        title={`Delete ${v.name}?`}
        confirmLabel="Delete vendor"
        loading={remove.isPending}
        error={remove.error}
        onClose={() => setDeleting(false)}
        onConfirm={() => remove.mutate(v)}
      >
        “{v.name}” is removed from the directory for good. Only a vendor no project has engaged can be
        deleted; to retire one that has engagements, set it inactive instead.
      </ConfirmModal>
    </Stack>
  );
}
