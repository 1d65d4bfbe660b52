import { Anchor, Group, Loader, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { formatDay, formatMoney, isoDay } from '../../ui/format.ts';
import { EmptyState, ErrorState, PageLoader } from '../../ui/states.tsx';
import {
  QuarterPicker,
  quarterLabel,
  quarterOfSearch,
  quarterParam,
  quarterRange,
} from '../forecast/index.ts';
import { useMe } from '../session/index.ts';
import { teamsQuery } from '../users/index.ts';
import type { TeamSearch } from './search.ts';
import {
  type LossReason,
  lossReasonsQuery,
  type TeamReport,
  type TeamReportRow,
  teamReportQuery,
} from './team.api.ts';

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const rate = (r: number | null) => (r === null ? '—' : percent.format(r));

export function TeamPage({
  search,
  onSearchChange,
}: {
  search: TeamSearch;
  onSearchChange: (patch: Partial<TeamSearch>) => void;
}) {
  const me = useMe();
  const teams = useQuery(teamsQuery);
  const everyTeam = me.role === 'admin' || me.role === 'viewer';
  const options = (teams.data ?? [])
    .filter((t) => everyTeam || t.managerIds.includes(me.id))
    .map((t) => ({ value: t.id, label: t.name }));
  const teamId = search.team ?? options[0]?.value;
  const quarter = quarterOfSearch(search);
  const { from, to } = quarterRange(quarter);
  const period = { teamId: teamId ?? '', from, to };
  const report = useQuery({ ...teamReportQuery(period), enabled: !!teamId });
  const losses = useQuery({ ...lossReasonsQuery(period), enabled: !!teamId });

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" gap="sm">
        <div>
          <Title order={1} size="h2">
            Team
          </Title>
          <Text c="dimmed">
            {quarterLabel(quarter)}: {formatDay(from)} to {formatDay(to)}. Churn and touches count up to
            today.
          </Text>
        </div>
        {report.isFetching && !report.isPending && <Loader size="xs" aria-label="Refreshing" />}
      </Group>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label="Team"
          aria-label="Team"
          placeholder={teams.isPending ? 'Loading…' : 'No team'}
          data={options}
          value={teamId ?? null}
          onChange={(v) => onSearchChange({ team: v ?? undefined })}
          allowDeselect={false}
          searchable
          w={240}
          comboboxProps={{ withinPortal: true }}
        />
        <QuarterPicker value={quarter} onChange={(q) => onSearchChange({ quarter: quarterParam(q) })} />
      </Group>
      {teams.isPending ? (
        <PageLoader label="Loading your teams…" />
      ) : !teamId ? (
        <EmptyState title="No team to show">
          The team report covers the teams you manage. An admin adds teams in Settings → Teams.
        </EmptyState>
      ) : report.isPending ? (
        <PageLoader label="Loading the team report…" />
      ) : report.isError ? (
        <ErrorState
          error={report.error}
          title="Could not load the team report"
          onRetry={() => void report.refetch()}
        />
      ) : (
        <TeamTable
          report={report.data}
          memberIds={teams.data?.find((t) => t.id === teamId)?.memberIds ?? []}
        />
      )}
      {teamId && losses.data && <LossReasons reasons={losses.data} />}
    </Stack>
  );
}

function Num({ children, strong }: { children: ReactNode; strong?: boolean }) {
  return (
    <Table.Td ta="right" fw={strong ? 700 : undefined} style={{ fontVariantNumeric: 'tabular-nums' }}>
      {children}
    </Table.Td>
  );
}

const columns = [
  ['Accounts', 'Live accounts they own'],
  ['ARR', 'ARR today'],
  ['Quota', 'New ARR quota for periods within the quarter'],
  ['Closed won', 'New ARR won'],
  ['Attainment', 'Closed won / quota'],
  ['Commit', 'Won + open commit'],
  ['Pipeline', 'Won + every open category'],
  ['Weighted', 'Won + amount × probability'],
  ['Renewals due', 'ARR of contracts ending in the quarter'],
  ['Renewed', 'The part of it renewed'],
  ['Renewal rate', 'Renewed / due'],
  ['Churned', 'ARR churned, up to today'],
  ['Red', 'Accounts in red health'],
  ['Overdue', 'Accounts overdue for a check-in'],
  ['Touches', 'Calls, e-mails, meetings, check-ins and reviews on their accounts'],
  ['Coverage', 'Share of accounts not overdue'],
] as const;

function Figures({
  r,
  strong,
  links,
}: {
  r: TeamReport['total'];
  strong?: boolean;
  links?: (n: 'red' | 'overdue', v: number) => ReactNode;
}) {
  return (
    <>
      <Num strong={strong}>{r.accounts}</Num>
      <Num strong={strong}>{formatMoney(r.arr)}</Num>
      <Num strong={strong}>{formatMoney(r.quota)}</Num>
      <Num strong={strong}>{formatMoney(r.closedWon)}</Num>
      <Num strong={strong}>{rate(r.attainment)}</Num>
      <Num strong={strong}>{formatMoney(r.commit)}</Num>
      <Num strong={strong}>{formatMoney(r.pipeline)}</Num>
      <Num strong={strong}>{formatMoney(r.weighted)}</Num>
      <Num strong={strong}>{formatMoney(r.renewalsDue)}</Num>
      <Num strong={strong}>{formatMoney(r.renewed)}</Num>
      <Num strong={strong}>{rate(r.renewalRate)}</Num>
      <Num strong={strong}>{formatMoney(r.churnedArr)}</Num>
      <Num strong={strong}>{links ? links('red', r.redAccounts) : r.redAccounts}</Num>
      <Num strong={strong}>{links ? links('overdue', r.overdueCheckIns) : r.overdueCheckIns}</Num>
      <Num strong={strong}>{r.touches}</Num>
      <Num strong={strong}>{rate(r.coverage)}</Num>
    </>
  );
}

function TeamTable({ report, memberIds }: { report: TeamReport; memberIds: readonly string[] }) {
  if (report.rows.length === 0) {
    return (
      <EmptyState title="Nobody on this team owns accounts yet">
        The report has a row for each member or manager of the team who owns accounts.
      </EmptyState>
    );
  }
  return (
    <Paper withBorder p="xs">
      <Table.ScrollContainer minWidth={1500}>
        <Table striped highlightOnHover verticalSpacing="xs" aria-label="Team report">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Member</Table.Th>
              {columns.map(([label, hint]) => (
                <Table.Th key={label} ta="right" title={hint}>
                  {label}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.rows.map((r) => (
              <MemberRow key={r.userId} row={r} report={report} member={memberIds.includes(r.userId)} />
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th>Total</Table.Th>
              <Figures r={report.total} strong />
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

/**
 * A member's row: their name opens their accounts; Pipeline and Health keep the team filter too.
 * The lists' team filter means the team's members, so a row of a manager who is not also a member
 * links by owner alone — with the team it would list none of the accounts its figures count.
 */
function MemberRow({ row, report, member }: { row: TeamReportRow; report: TeamReport; member: boolean }) {
  const owner = row.userId;
  const team = member ? report.teamId : undefined;
  const accountsOf = (extra: { band?: 'red'; due?: string } = {}) => ({ owner, team, ...extra });
  return (
    <Table.Tr data-testid={`team-row-${owner}`}>
      <Table.Td miw={180}>
        <Stack gap={0}>
          <Anchor
            fw={500}
            size="sm"
            renderRoot={(props) => <Link to="/accounts" search={accountsOf()} {...props} />}
          >
            {row.name}
          </Anchor>
          <Group gap={8} wrap="nowrap">
            <Anchor
              size="xs"
              renderRoot={(props) => (
                <Link
                  to="/pipeline"
                  search={{ owner, team, view: 'table', period: 'custom', from: report.from, to: report.to }}
                  {...props}
                />
              )}
            >
              Pipeline
            </Anchor>
            <Anchor
              size="xs"
              renderRoot={(props) => <Link to="/accounts" search={accountsOf()} {...props} />}
            >
              Accounts
            </Anchor>
            <Anchor
              size="xs"
              renderRoot={(props) => <Link to="/health" search={{ team: report.teamId }} {...props} />}
            >
              Health
            </Anchor>
          </Group>
        </Stack>
      </Table.Td>
      <Figures
        r={row}
        links={(n, v) =>
          v === 0 ? (
            v
          ) : (
            <Anchor
              size="sm"
              aria-label={n === 'red' ? `${row.name}: red accounts` : `${row.name}: overdue check-ins`}
              renderRoot={(props) => (
                <Link
                  to="/accounts"
                  search={accountsOf(n === 'red' ? { band: 'red' } : { due: report.asOf ?? isoDay() })}
                  {...props}
                />
              )}
            >
              {v}
            </Anchor>
          )
        }
      />
    </Table.Tr>
  );
}

function LossReasons({ reasons }: { reasons: LossReason[] }) {
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        Loss reasons
      </Title>
      {reasons.length === 0 ? (
        <Text size="sm" c="dimmed">
          The team lost no deals closing in this quarter.
        </Text>
      ) : (
        <Table striped verticalSpacing="xs" aria-label="Loss reasons" maw={640}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Reason</Table.Th>
              <Table.Th ta="right">Deals</Table.Th>
              <Table.Th ta="right">Amount</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {reasons.map((r) => (
              <Table.Tr key={r.reason}>
                <Table.Td>{r.reason || '(no reason)'}</Table.Td>
                <Num>{r.deals}</Num>
                <Num>{formatMoney(r.amount)}</Num>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
