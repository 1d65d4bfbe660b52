import { DonutChart } from '@mantine/charts';
import {
  Anchor,
  ColorSwatch,
  Grid,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { formatMoney } from '../../ui/format.ts';
import { QueryContent } from '../../ui/lists.tsx';
import { EmptyState } from '../../ui/states.tsx';
import { type AccountListSearch, type HealthBand, healthColors, healthLabels } from '../accounts/index.ts';
import { useMe } from '../session/index.ts';
import { teamsQuery } from '../users/index.ts';
import { type PortfolioHealth, type PortfolioScope, portfolioHealthQuery } from './health.api.ts';
import { Movers } from './Movers.tsx';
import type { HealthDashboardSearch } from './search.ts';

type BandKey = keyof PortfolioHealth['bands'];
const bandKeys: BandKey[] = ['red', 'yellow', 'green', 'unknown'];
const bandName = (b: BandKey) => (b === 'unknown' ? 'Not scored' : healthLabels[b as HealthBand]);
const bandColor = (b: BandKey) => (b === 'unknown' ? 'gray' : healthColors[b as HealthBand]);

function ScopePicker({
  search,
  onChange,
}: {
  search: HealthDashboardSearch;
  onChange: (s: HealthDashboardSearch) => void;
}) {
  const me = useMe();
  const teams = useQuery(teamsQuery);
  const mine = (teams.data ?? []).filter((t) => me.role === 'admin' || t.managerIds.includes(me.id));
  const value = search.team ? `team:${search.team}` : search.owner === 'me' ? 'me' : 'all';
  return (
    <Select
      label="Accounts"
      data={[
        { value: 'all', label: me.role === 'admin' ? 'All accounts' : 'All accounts I can see' },
        { value: 'me', label: 'Accounts I own' },
        ...mine.map((t) => ({ value: `team:${t.id}`, label: `Team ${t.name}` })),
      ]}
      value={value}
      allowDeselect={false}
      onChange={(v) =>
        onChange(v?.startsWith('team:') ? { team: v.slice(5) } : v === 'me' ? { owner: 'me' } : {})
      }
      w={{ base: '100%', xs: 260 }}
    />
  );
}

/** The Accounts list's filter for the dashboard's scope, so every drill-down lists the accounts counted here. */
type ListScope = Pick<AccountListSearch, 'owner' | 'team'>;

function BandCard({
  band,
  data,
  total,
  scope,
}: {
  band: BandKey;
  data: PortfolioHealth;
  total: number;
  scope: ListScope;
}) {
  const { accounts, arr } = data.bands[band];
  // Share of the ARR in view, so a few big red accounts stand out next to many small green ones.
  const share = total > 0 ? Math.round((arr / total) * 100) : 0;
  return (
    <Paper
      withBorder
      p="md"
      role="listitem"
      aria-label={bandName(band)}
      data-band={band}
      style={{ borderTop: `4px solid var(--mantine-color-${bandColor(band)}-6)` }}
    >
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {bandName(band)}
      </Text>
      <Text fz={28} fw={700} lh={1.2} data-testid={`band-${band}-accounts`}>
        {accounts.toLocaleString()}
        <Text span size="sm" c="dimmed" fw={400}>
          {' '}
          account{accounts === 1 ? '' : 's'}
        </Text>
      </Text>
      <Text size="sm" title={formatMoney(arr)}>
        ARR {formatMoney(arr, { compact: true })}
        <Text span c="dimmed" size="sm">
          {' '}
          · {share}%
        </Text>
      </Text>
      {band !== 'unknown' && accounts > 0 && (
        <Anchor
          size="sm"
          renderRoot={(props) => (
            <Link to="/accounts" search={{ ...scope, band: band as HealthBand }} {...props} />
          )}
        >
          See {bandName(band).toLowerCase()} accounts
        </Anchor>
      )}
    </Paper>
  );
}

function BandDonut({
  title,
  cells,
  total,
  format,
}: {
  title: string;
  cells: DonutCell[];
  total: string;
  /** A band's value in the tooltip. */
  format: (value: number) => string;
}) {
  return (
    <Stack gap={4} align="center">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {title}
      </Text>
      {cells.length > 0 ? (
        <DonutChart
          data={cells}
          size={140}
          thickness={22}
          chartLabel={total}
          valueFormatter={format}
          aria-label={`${title} by band`}
        />
      ) : (
        <Text size="sm" c="dimmed" h={140} style={{ display: 'flex', alignItems: 'center' }}>
          None in this view
        </Text>
      )}
    </Stack>
  );
}

type DonutCell = { name: string; value: number; color: string };

function Portfolio({ data, scope }: { data: PortfolioHealth; scope: ListScope }) {
  const total = bandKeys.reduce((s, b) => s + data.bands[b].arr, 0);
  const count = bandKeys.reduce((s, b) => s + data.bands[b].accounts, 0);
  if (count === 0)
    return <EmptyState title="No accounts here">Accounts in this view will be scored here.</EmptyState>;
  const cells = (field: 'accounts' | 'arr'): DonutCell[] =>
    bandKeys
      .filter((b) => data.bands[b][field] > 0)
      .map((b) => ({ name: bandName(b), value: data.bands[b][field], color: `${bandColor(b)}.6` }));

  return (
    <Stack gap="md">
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Paper
            withBorder
            p="md"
            h="100%"
            bg={data.atRiskArr > 0 ? 'var(--mantine-color-red-light)' : undefined}
          >
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              At-risk ARR
            </Text>
            <Text
              fz={28}
              fw={700}
              lh={1.2}
              c={data.atRiskArr > 0 ? 'red' : undefined}
              title={formatMoney(data.atRiskArr)}
              data-testid="at-risk-arr"
            >
              {formatMoney(data.atRiskArr, { compact: true })}
            </Text>
            <Text size="sm" data-testid="at-risk-accounts">
              {data.atRiskAccounts.toLocaleString()} account{data.atRiskAccounts === 1 ? '' : 's'}
            </Text>
            <Text size="xs" c="dimmed">
              Accounts at high churn risk: red, or down 20 points or more in 30 days.
            </Text>
            {data.atRiskAccounts > 0 && (
              <Anchor
                size="sm"
                renderRoot={(props) => <Link to="/accounts" search={{ ...scope, risk: 'high' }} {...props} />}
              >
                See accounts at risk
              </Anchor>
            )}
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md" role="list" aria-label="Accounts by band">
            {bandKeys.map((b) => (
              <BandCard key={b} band={b} data={data} total={total} scope={scope} />
            ))}
          </SimpleGrid>
        </Grid.Col>
      </Grid>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Title order={2} size="h5">
              By band
            </Title>
            <Group gap="xl" justify="space-around" wrap="wrap">
              <BandDonut
                title="Accounts"
                cells={cells('accounts')}
                total={count.toLocaleString()}
                format={(n) => n.toLocaleString()}
              />
              <BandDonut
                title="ARR"
                cells={cells('arr')}
                total={formatMoney(total, { compact: true })}
                format={(n) => formatMoney(n)}
              />
            </Group>
            <Group gap="md" justify="center" aria-hidden>
              {bandKeys.map((b) => (
                <Group key={b} gap={6}>
                  <ColorSwatch color={`var(--mantine-color-${bandColor(b)}-6)`} size={12} />
                  <Text size="xs">{bandName(b)}</Text>
                </Group>
              ))}
            </Group>
          </Stack>
        </Paper>
        <Paper withBorder p="md">
          <Movers movers={data.movers} />
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}

/** Portfolio health: accounts and ARR by band, at-risk ARR and the biggest movers of the last 30 days. */
export function HealthDashboard({
  search,
  onSearchChange,
}: {
  search: HealthDashboardSearch;
  onSearchChange: (s: HealthDashboardSearch) => void;
}) {
  const me = useMe();
  const scope: PortfolioScope = search.team
    ? { teamId: search.team }
    : search.owner === 'me'
      ? { ownerId: me.id }
      : {};
  const report = useQuery(portfolioHealthQuery(scope));
  const listScope: ListScope = search.team
    ? { team: search.team }
    : search.owner === 'me'
      ? { owner: me.id }
      : {};
  const canPickScope = me.role === 'admin' || me.role === 'manager';

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" gap="sm">
        <div>
          <Title order={1} size="h2">
            Health
          </Title>
          <Text c="dimmed" size="sm">
            Scores as of today. Open an account to see what drives its score.
          </Text>
        </div>
        {canPickScope && <ScopePicker search={search} onChange={onSearchChange} />}
      </Group>
      <QueryContent query={report} what="portfolio health">
        {report.data && <Portfolio data={report.data} scope={listScope} />}
      </QueryContent>
    </Stack>
  );
}
