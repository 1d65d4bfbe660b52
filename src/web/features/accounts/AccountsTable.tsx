import { Table } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Account } from '../../api.ts';
import { SortableTh } from '../../ui/sorting.tsx';
import { AccountCard, AccountRow, CARD_HEIGHT, ROW_HEIGHT } from './AccountRows.tsx';
import type { AccountSort, SortField } from './search.ts';

/** A column a reader may sort by, and which way it goes first. */
const firstDirection: Record<SortField, '' | '-'> = {
  name: '',
  nextCheckInDue: '',
  updatedAt: '-',
  arr: '-',
  renewalDate: '',
  healthScore: '',
};

/** Where the list starts on the page, so the window virtualizer knows what is above it. */
function useOffsetTop(ref: React.RefObject<HTMLElement | null>): number {
  const [top, setTop] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setTop(el.getBoundingClientRect().top + window.scrollY);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [ref]);
  return top;
}

interface Props {
  accounts: Account[];
  ownerName: (id: string) => string;
  sort: AccountSort;
  onSort: (sort: AccountSort) => void;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  /** Cards instead of a table, for narrow screens. */
  compact: boolean;
}

/**
 * The accounts, virtualised against the window: only the rows on screen are in the DOM, and the
 * next page is fetched before the reader reaches the end of what is loaded.
 */
export function AccountsTable({
  accounts,
  ownerName,
  sort,
  onSort,
  hasMore,
  loadingMore,
  onLoadMore,
  compact,
}: Props) {
  const listRef = useRef<HTMLDivElement>(null);
  const scrollMargin = useOffsetTop(listRef);
  const navigate = useNavigate();
  const virtualizer = useWindowVirtualizer({
    count: accounts.length,
    estimateSize: () => (compact ? CARD_HEIGHT : ROW_HEIGHT),
    overscan: 10,
    scrollMargin,
    getItemKey: (i) => accounts[i]?.id ?? i,
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= accounts.length - 30) onLoadMore();
  }, [hasMore, loadingMore, lastIndex, accounts.length, onLoadMore]);

  const open = useCallback(
    (id: string) => void navigate({ to: '/accounts/$accountId', params: { accountId: id } }),
    [navigate],
  );

  const paddingTop = items.length ? items[0]!.start - scrollMargin : 0;
  const paddingBottom = items.length
    ? virtualizer.getTotalSize() - (items[items.length - 1]!.end - scrollMargin)
    : 0;

  if (compact) {
    return (
      <div ref={listRef}>
        <ul
          aria-label="Accounts"
          style={{
            height: virtualizer.getTotalSize(),
            position: 'relative',
            listStyle: 'none',
            margin: 0,
            padding: 0,
          }}
        >
          {items.map((item) => (
            <AccountCard
              key={item.key}
              account={accounts[item.index]!}
              index={item.index}
              top={item.start - scrollMargin}
              owner={ownerName(accounts[item.index]!.ownerId)}
              measure={virtualizer.measureElement}
              onOpen={open}
            />
          ))}
        </ul>
      </div>
    );
  }

  const th = (field: SortField, label: string, width?: number, align?: 'right') => (
    <SortableTh
      field={field}
      label={label}
      sort={sort}
      onSort={onSort}
      first={firstDirection[field]}
      width={width}
      align={align}
    />
  );

  return (
    <div ref={listRef}>
      <Table
        highlightOnHover
        horizontalSpacing="xs"
        stickyHeader
        stickyHeaderOffset={56}
        layout="fixed"
        aria-label="Accounts"
        aria-rowcount={hasMore ? -1 : accounts.length + 1}
      >
        <Table.Thead>
          <Table.Tr>
            {th('name', 'Name')}
            {/* Widths that just fit "ONBOARDING", a date on one line and a score with its risk, so the name gets the rest. */}
            <Table.Th w={100}>Owner</Table.Th>
            <Table.Th w={92}>Segment</Table.Th>
            <Table.Th w={118}>Stage</Table.Th>
            {th('arr', 'ARR', 88, 'right')}
            {th('renewalDate', 'Renewal', 108)}
            {th('nextCheckInDue', 'Next check-in', 124)}
            {th('healthScore', 'Health', 168)}
            {th('updatedAt', 'Updated', 116)}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {paddingTop > 0 && (
            <tr aria-hidden>
              <td colSpan={9} style={{ height: paddingTop, padding: 0, border: 0 }} />
            </tr>
          )}
          {items.map((item) => (
            <AccountRow
              key={item.key}
              account={accounts[item.index]!}
              index={item.index}
              owner={ownerName(accounts[item.index]!.ownerId)}
              measure={virtualizer.measureElement}
              onOpen={open}
            />
          ))}
          {paddingBottom > 0 && (
            <tr aria-hidden>
              <td colSpan={9} style={{ height: paddingBottom, padding: 0, border: 0 }} />
            </tr>
          )}
        </Table.Tbody>
      </Table>
    </div>
  );
}
