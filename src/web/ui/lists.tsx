import { ActionIcon, Button, Center, Group, Menu, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconDots, IconPlus } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { ErrorState, PageLoader } from './states.tsx';

/** What `QueryContent` reads of a query (or an infinite query) result. */
interface ListQuery {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data?: unknown;
  refetch: () => unknown;
}

/**
 * The body of a list backed by a query: a spinner ("Loading `what`…") while it loads, its error ("Could
 * not load `what`") with a way to try again, `empty` (when given, that is not false) if there is nothing
 * to list, else the list. A paged list keeps the pages it has when a later one fails (`MorePages` shows
 * that error).
 */
export function QueryContent({
  query,
  what,
  empty,
  children,
}: {
  query: ListQuery;
  what: string;
  empty?: ReactNode;
  children: ReactNode;
}) {
  const paged = 'fetchNextPage' in query;
  if (query.isPending) return <PageLoader label={`Loading ${what}…`} />;
  if (query.isError && !(paged && query.data))
    return (
      <ErrorState error={query.error} title={`Could not load ${what}`} onRetry={() => void query.refetch()} />
    );
  return <>{empty || children}</>;
}

/** The end of a paged list: the error of a page that failed, and Load more while there are more. */
export function MorePages({
  list,
  errorTitle,
}: {
  list: {
    error: unknown;
    hasNextPage: boolean;
    isFetchingNextPage: boolean;
    isFetchNextPageError: boolean;
    fetchNextPage: () => unknown;
  };
  errorTitle: string;
}) {
  return (
    <>
      {list.isFetchNextPageError && (
        <ErrorState error={list.error} title={errorTitle} onRetry={() => void list.fetchNextPage()} />
      )}
      {list.hasNextPage && (
        <Center>
          <Button
            variant="default"
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
          >
            Load more
          </Button>
        </Center>
      )}
    </>
  );
}

/** The button that opens the form for a new record, at the right of a toolbar. */
export function AddButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <Button leftSection={<IconPlus size={16} />} onClick={onClick}>
      {children}
    </Button>
  );
}

/**
 * A table of records under its column heads. With `withActions` the last column holds the buttons of
 * each row (`RowActions`); its head is named for screen readers only.
 */
export function RecordTable({
  label,
  minWidth,
  columns,
  withActions = false,
  children,
}: {
  label: string;
  minWidth: number;
  columns: string[];
  withActions?: boolean;
  children: ReactNode;
}) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table striped highlightOnHover verticalSpacing="sm" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c}>{c}</Table.Th>
            ))}
            {withActions && (
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The cell that names a row, with a badge after the name; its id describes the row's buttons. */
export function NameCell({ id, badge, children }: { id: string; badge?: ReactNode; children: ReactNode }) {
  return (
    <Table.Td>
      <Group gap={6} wrap="nowrap">
        <Text size="sm" fw={500} id={id}>
          {children}
        </Text>
        {badge}
      </Group>
    </Table.Td>
  );
}

export interface RowAction {
  label: string;
  color?: string;
  onClick: () => void;
}

/** The buttons of a table row, each described by the row's name (`describedBy`, the id of its name). */
export function RowActions({ describedBy, actions }: { describedBy: string; actions: RowAction[] }) {
  return (
    <Table.Td>
      <Group gap={4} justify="flex-end" wrap="nowrap">
        {actions.map((a) => (
          <Button
            key={a.label}
            size="xs"
            variant="subtle"
            color={a.color}
            aria-describedby={describedBy}
            onClick={a.onClick}
          >
            {a.label}
          </Button>
        ))}
      </Group>
    </Table.Td>
  );
}

/** The ⋯ menu of an item in a list, named "More actions for" the item; `children` are its Menu.Items. */
export function MoreActions({ name, children }: { name: string; children: ReactNode }) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`More actions for ${name}`}>
          <IconDots size={16} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>{children}</Menu.Dropdown>
    </Menu>
  );
}
