import { Anchor, Paper, Table, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { formatMoney } from '../../ui/format.ts';
import type { Forecast } from '../contracts/index.ts';
import type { ForecastSearch } from './search.ts';

type Row = NonNullable<Forecast['byOwner']>[number];

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const columns = [
  ['Closed won', 'Won in the quarter'],
  ['Commit', 'Won + open commit'],
  ['Best case', 'Commit + open best case'],
  ['Pipeline', 'Best case + open pipeline'],
  ['Weighted', 'Won + amount × probability'],
  ['Quota', 'Quotas for periods within the quarter'],
  ['Attainment', 'Closed won / quota'],
] as const;

function Num({ children, strong }: { children: ReactNode; strong?: boolean }) {
  return (
    <Table.Td ta="right" fw={strong ? 700 : undefined} style={{ fontVariantNumeric: 'tabular-nums' }}>
      {children}
    </Table.Td>
  );
}

function Figures({ r, strong }: { r: Omit<Row, 'userId' | 'name'>; strong?: boolean }) {
  return (
    <>
      <Num strong={strong}>{formatMoney(r.closedWon)}</Num>
      <Num strong={strong}>{formatMoney(r.commit)}</Num>
      <Num strong={strong}>{formatMoney(r.bestCase)}</Num>
      <Num strong={strong}>{formatMoney(r.pipeline)}</Num>
      <Num strong={strong}>{formatMoney(r.weighted)}</Num>
      <Num strong={strong}>{r.quota > 0 ? formatMoney(r.quota) : '—'}</Num>
      <Num strong={strong}>{r.attainment === null ? '—' : percent.format(r.attainment)}</Num>
    </>
  );
}

/**
 * The forecast of a team (or of everyone in view) broken down by rep: a row per owner of the deals
 * or quotas it counts, whose figures add up to the roll-up above (the total row is the report's own).
 * A rep's name opens their own forecast for the same quarter and kind, keeping the team to go back to.
 */
export function ForecastByRep({ forecast: f, search }: { forecast: Forecast; search: ForecastSearch }) {
  const rows = f.byOwner ?? [];
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        By rep
      </Title>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nobody here owns a deal closing in this quarter or has a quota for it.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={860}>
          <Table striped highlightOnHover verticalSpacing="xs" aria-label="Forecast by rep">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Rep</Table.Th>
                {columns.map(([label, hint]) => (
                  <Table.Th key={label} ta="right" title={hint}>
                    {label}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.userId} data-testid={`forecast-rep-${r.userId}`}>
                  <Table.Td>
                    <Anchor
                      size="sm"
                      fw={500}
                      renderRoot={(props) => (
                        <Link
                          to="/forecast"
                          search={{
                            quarter: search.quarter,
                            kind: search.kind,
                            who: search.who,
                            owner: r.userId,
                          }}
                          {...props}
                        />
                      )}
                    >
                      {r.name}
                    </Anchor>
                  </Table.Td>
                  <Figures r={r} />
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th>Total</Table.Th>
                <Figures r={f} strong />
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
