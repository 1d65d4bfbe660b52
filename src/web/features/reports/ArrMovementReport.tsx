import {
  Badge,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { addDays, formatDay, formatMoney } from '../../ui/format.ts';
import { SortableTh, type SortKey, sortRows } from '../../ui/sorting.tsx';
import { EmptyState, ErrorState, PageLoader } from '../../ui/states.tsx';
import { AccountLink } from '../accounts/index.ts';
import type { ArrMovement } from '../contracts/index.ts';
import {
  type Quarter,
  QuarterPicker,
  quarterOfSearch,
  quarterParam,
  quarterRange,
  scopeOf,
  useWhoOptions,
} from '../forecast/index.ts';
import { useMe } from '../session/index.ts';
import { ArrWaterfall } from './ArrWaterfall.tsx';
import { arrMovementQuery, type Movement, type MovementAccount } from './arr-movement.api.ts';
import type { ReportSearch } from './search.ts';

const ratio = new Intl.NumberFormat(undefined, {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
/**
 * GRR or NRR as a percent from the totals (formulas: docs/domain-rules.md#arr-movement): the API's
 * ratios are rounded to four decimals, and rounding those again to one decimal of a percent can move
 * the last digit (0.85347 → 0.8535 → 85.4 % instead of 85.3 %).
 */
function retention(m: ArrMovement, withExpansion: boolean): string {
  if (m.startingArr === 0) return '—';
  const kept = m.startingArr + (withExpansion ? m.expansion : 0) - m.contraction - m.churn;
  return ratio.format(kept / m.startingArr);
}

const movementLabels: Record<Movement, string> = {
  new: 'New',
  expansion: 'Expansion',
  contraction: 'Contraction',
  churn: 'Churn',
  flat: 'Flat',
};
const movementColors: Record<Movement, string> = {
  new: 'teal',
  expansion: 'teal',
  contraction: 'orange',
  churn: 'red',
  flat: 'gray',
};

export function ArrMovementReport({
  search,
  onSearchChange,
}: {
  search: ReportSearch;
  onSearchChange: (patch: Partial<ReportSearch>) => void;
}) {
  const me = useMe();
  const whoOptions = useWhoOptions();
  const custom = Boolean(search.from && search.to);
  const quarter = quarterOfSearch(search);
  const { from, to } = custom ? { from: search.from!, to: search.to! } : quarterRange(quarter);
  const who = search.who ?? 'all';
  const report = useQuery(arrMovementQuery({ from, to, ...scopeOf(who, me) }));

  return (
    <Stack gap="md">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <SegmentedControl
          aria-label="Period"
          value={custom ? 'custom' : 'quarter'}
          onChange={(v) =>
            onSearchChange(
              v === 'custom' ? { from, to, quarter: undefined } : { from: undefined, to: undefined },
            )
          }
          data={[
            { value: 'quarter', label: 'Quarter' },
            { value: 'custom', label: 'Dates' },
          ]}
        />
        {custom ? (
          <DatePickerInput
            type="range"
            aria-label="From and to"
            value={[from, to]}
            onChange={([f, t]) => f && t && onSearchChange({ from: f, to: t })}
            valueFormat="MMM D, YYYY"
            popoverProps={{ withinPortal: true }}
            w={260}
          />
        ) : (
          <QuarterPicker
            value={quarter}
            onChange={(q: Quarter) => onSearchChange({ quarter: quarterParam(q) })}
          />
        )}
        <Select
          aria-label="Whose accounts"
          data={whoOptions}
          value={who}
          onChange={(v) => onSearchChange({ who: !v || v === 'all' ? undefined : v })}
          allowDeselect={false}
          w={240}
          comboboxProps={{ withinPortal: true }}
        />
        {report.isFetching && !report.isPending && <Loader size="xs" aria-label="Refreshing" />}
      </Group>
      <PeriodNote
        requestedTo={to}
        period={report.data && !report.isPlaceholderData ? report.data : { from, to, truncatedTo: null }}
      />
      {report.isPending ? (
        <PageLoader label="Loading ARR movement…" />
      ) : report.isError ? (
        <ErrorState
          error={report.error}
          title="Could not load ARR movement"
          onRetry={() => void report.refetch()}
        />
      ) : (
        <MovementBody movement={report.data} />
      )}
    </Stack>
  );
}

/**
 * What the report compares (docs/domain-rules.md#arr-movement): ARR on the day before `from`
 * against ARR on `to`, and whether the server cut a `to` after today back to today.
 */
function PeriodNote({
  period,
  requestedTo,
}: {
  period: Pick<ArrMovement, 'from' | 'to' | 'truncatedTo'>;
  requestedTo: string;
}) {
  return (
    <Group gap="xs" wrap="wrap">
      <Text size="sm" c="dimmed" data-testid="arr-period">
        ARR on {formatDay(addDays(period.from, -1))} (the day before {formatDay(period.from)}) against ARR on{' '}
        {formatDay(period.to)}.
      </Text>
      {period.truncatedTo && (
        <>
          <Badge variant="light" color="gray" data-testid="arr-truncated">
            Cut to today, {formatDay(period.truncatedTo)}
          </Badge>
          <Text size="sm" c="dimmed">
            The period asked for ends {formatDay(requestedTo)}; movement counts only what has happened.
          </Text>
        </>
      )}
    </Group>
  );
}

function Figure({
  label,
  value,
  testId,
  color,
}: {
  label: string;
  value: string;
  testId: string;
  color?: string;
}) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="lg" fw={700} c={color} data-testid={testId} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
    </Paper>
  );
}

function MovementBody({ movement: m }: { movement: ArrMovement }) {
  if (m.startingArr === 0 && m.endingArr === 0)
    return (
      <EmptyState title="No ARR in this period">
        Accounts appear here once they have active contracts on the day before the period or on its last day.
      </EmptyState>
    );
  return (
    <Stack gap="md">
      {/* Eight across only on wide screens: at 1280 px a starting ARR of 10,063,800 ran out of its card. */}
      <SimpleGrid cols={{ base: 2, sm: 4, xl: 8 }} spacing="sm">
        <Figure label="Starting" value={formatMoney(m.startingArr)} testId="arr-starting" />
        <Figure
          label="New"
          value={formatMoney(m.newArr)}
          testId="arr-new"
          color={m.newArr ? 'teal' : undefined}
        />
        <Figure
          label="Expansion"
          value={formatMoney(m.expansion)}
          testId="arr-expansion"
          color={m.expansion ? 'teal' : undefined}
        />
        <Figure
          label="Contraction"
          value={formatMoney(m.contraction)}
          testId="arr-contraction"
          color={m.contraction ? 'orange' : undefined}
        />
        <Figure
          label="Churn"
          value={formatMoney(m.churn)}
          testId="arr-churn"
          color={m.churn ? 'red' : undefined}
        />
        <Figure label="Ending" value={formatMoney(m.endingArr)} testId="arr-ending" />
        <Figure label="GRR" value={retention(m, false)} testId="arr-grr" />
        <Figure label="NRR" value={retention(m, true)} testId="arr-nrr" />
      </SimpleGrid>
      <Paper withBorder p="md">
        <Title order={2} size="h5" mb="sm">
          From starting to ending ARR
        </Title>
        <ArrWaterfall movement={m} />
      </Paper>
      <AccountsTable accounts={m.accounts ?? []} />
    </Stack>
  );
}

type Field = 'name' | 'startArr' | 'endArr' | 'change' | 'movement';

function AccountsTable({ accounts }: { accounts: MovementAccount[] }) {
  const [sort, setSort] = useState<SortKey<Field>>('-change');
  const [only, setOnly] = useState<Movement | 'moved' | 'all'>('moved');
  const shown = accounts.filter(
    (a) => only === 'all' || (only === 'moved' ? a.movement !== 'flat' : a.movement === only),
  );
  const rows = sortRows<MovementAccount, Field>(shown, sort, (a, f) =>
    f === 'change' ? a.endArr - a.startArr : f === 'movement' ? movementLabels[a.movement] : a[f],
  );
  const th = (field: Field, label: string, right?: boolean) => (
    <SortableTh
      field={field}
      label={label}
      sort={sort}
      onSort={setSort}
      first={field === 'name' ? '' : '-'}
      align={right ? 'right' : undefined}
    />
  );
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm" gap="sm">
        <Title order={2} size="h5">
          Accounts
        </Title>
        <Select
          aria-label="Show accounts"
          data={[
            { value: 'moved', label: 'Every change' },
            { value: 'all', label: 'All accounts' },
            ...(['new', 'expansion', 'contraction', 'churn', 'flat'] as const).map((v) => ({
              value: v,
              label: movementLabels[v],
            })),
          ]}
          value={only}
          onChange={(v) => setOnly((v as typeof only | null) ?? 'moved')}
          allowDeselect={false}
          w={180}
          comboboxProps={{ withinPortal: true }}
        />
      </Group>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          No account {only === 'moved' ? 'changed its ARR' : 'matches'} in this period.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={620}>
          <Table striped highlightOnHover verticalSpacing="xs" aria-label="ARR by account">
            <Table.Thead>
              <Table.Tr>
                {th('name', 'Account')}
                {th('startArr', 'Start', true)}
                {th('endArr', 'End', true)}
                {th('change', 'Change', true)}
                {th('movement', 'Movement')}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((a) => {
                const change = a.endArr - a.startArr;
                return (
                  <Table.Tr key={a.accountId}>
                    <Table.Td>
                      <AccountLink accountId={a.accountId} tab="contracts" size="sm">
                        {a.name}
                      </AccountLink>
                    </Table.Td>
                    <Table.Td ta="right">{formatMoney(a.startArr)}</Table.Td>
                    <Table.Td ta="right">{formatMoney(a.endArr)}</Table.Td>
                    <Table.Td ta="right" c={change > 0 ? 'teal' : change < 0 ? 'red' : undefined}>
                      {change > 0 ? '+' : change < 0 ? '−' : ''}
                      {formatMoney(Math.abs(change))}
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={movementColors[a.movement]}>
                        {movementLabels[a.movement]}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
