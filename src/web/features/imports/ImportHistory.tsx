import { Anchor, Badge, Button, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { formatDateTime } from '../../ui/format.ts';
import { MorePages, QueryContent } from '../../ui/lists.tsx';
import { EmptyState } from '../../ui/states.tsx';
import { errorsCsvUrl, importHistoryQuery } from './imports.api.ts';
import { entityLabels, statusColors, statusLabels } from './labels.ts';

const n = (v: number) => v.toLocaleString();

/** Every import, newest first: when, what, how it went, and its failed rows. */
export function ImportHistory({
  currentId,
  onOpen,
}: {
  currentId: string | null;
  onOpen: (id: string) => void;
}) {
  const list = useInfiniteQuery(importHistoryQuery);
  const imports = list.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <Stack gap="sm" component="section" aria-label="Import history">
      <Title order={2} size="h4">
        History
      </Title>
      <QueryContent
        query={list}
        what="the import history"
        empty={
          imports.length === 0 && (
            <EmptyState title="No imports yet">
              Files you import are listed here with what they did.
            </EmptyState>
          )
        }
      >
        <Table.ScrollContainer minWidth={900}>
          <Table striped verticalSpacing="xs" aria-label="Imports">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Date</Table.Th>
                <Table.Th>Into</Table.Th>
                <Table.Th>File</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th ta="right">Created</Table.Th>
                <Table.Th ta="right">Updated</Table.Th>
                <Table.Th ta="right">Skipped</Table.Th>
                <Table.Th ta="right">Failed</Table.Th>
                <Table.Th>Errors</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {imports.map((i) => (
                <Table.Tr key={i.id} aria-current={i.id === currentId ? 'true' : undefined}>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {formatDateTime(i.createdAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td>{entityLabels[i.entity]}</Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={1} title={i.fileName}>
                      {i.fileName}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {n(i.rows)} row{i.rows === 1 ? '' : 's'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={statusColors[i.status]} variant="light">
                      {statusLabels[i.status]}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">{n(i.progress.created)}</Table.Td>
                  <Table.Td ta="right">{n(i.progress.updated)}</Table.Td>
                  <Table.Td ta="right">{n(i.progress.skipped)}</Table.Td>
                  <Table.Td ta="right">{n(i.progress.failed)}</Table.Td>
                  <Table.Td>
                    {i.progress.failed > 0 ? (
                      <Anchor href={errorsCsvUrl(i.id)} download size="sm">
                        Failed rows
                      </Anchor>
                    ) : (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {i.id !== currentId && (
                      <Button variant="subtle" size="compact-sm" onClick={() => onOpen(i.id)}>
                        {i.status === 'analysed' ? 'Continue' : 'Open'}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <MorePages list={list} errorTitle="Could not load more imports" />
      </QueryContent>
    </Stack>
  );
}
