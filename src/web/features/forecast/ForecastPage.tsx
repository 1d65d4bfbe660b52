import {
  Anchor,
  Button,
  Group,
  Loader,
  Paper,
  Progress,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconTarget } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { formatDay, formatMoney } from '../../ui/format.ts';
import { ErrorState, PageLoader } from '../../ui/states.tsx';
import type { Forecast } from '../contracts/index.ts';
import { useMe } from '../session/index.ts';
import { userDirectoryQuery } from '../users/index.ts';
import { ForecastByRep } from './ForecastByRep.tsx';
import { ForecastChart, SimulationRange } from './ForecastCharts.tsx';
import { forecastQuery } from './forecast.api.ts';
import { type Quarter, quarterLabel, quarterRange } from './periods.ts';
import { QuarterPicker } from './QuarterPicker.tsx';
import { QuotasModal } from './QuotasModal.tsx';
import { type ForecastSearch, quarterOfSearch, quarterParam } from './search.ts';
import { scopeOf, useWhoOptions } from './who.ts';

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

export function ForecastPage({
  search,
  onSearchChange,
}: {
  search: ForecastSearch;
  onSearchChange: (patch: Partial<ForecastSearch>) => void;
}) {
  const me = useMe();
  const quarter = quarterOfSearch(search);
  const { from, to } = quarterRange(quarter);
  const who = search.who ?? 'me';
  const teamOptions = useWhoOptions();
  const users = useQuery({ ...userDirectoryQuery, enabled: !!search.owner });
  const [settingQuotas, setSettingQuotas] = useState(false);
  const mayPlan = me.role === 'admin' || me.role === 'manager';
  // One rep's forecast (from the "By rep" table) or a team's / everyone's with the breakdown by rep.
  const rep = search.owner;
  const byRep = !rep && who !== 'me';
  const repName = rep ? (users.data?.find((u) => u.id === rep)?.name ?? '…') : undefined;
  const whoOptions = rep ? [...teamOptions, { value: `rep:${rep}`, label: `Rep: ${repName}` }] : teamOptions;
  const whoValue = rep ? `rep:${rep}` : teamOptions.some((o) => o.value === who) ? who : 'me';
  const forecast = useQuery(
    forecastQuery({
      from,
      to,
      kind: search.kind ?? 'new_arr',
      ...(rep ? { ownerId: rep } : scopeOf(who, me)),
      ...(byRep ? { by: 'owner' as const } : {}),
    }),
  );
  const backTo = rep && who !== 'me' ? teamOptions.find((o) => o.value === who)?.label : undefined;

  return (
    <Stack gap="md" maw={1100}>
      <Group justify="space-between" align="flex-end" gap="sm">
        <div>
          <Title order={1} size="h2">
            Forecast
          </Title>
          <Text c="dimmed">
            Deals closing {formatDay(from)} to {formatDay(to)} ({quarterLabel(quarter)}).
          </Text>
        </div>
        <Group gap="xs">
          {forecast.isFetching && !forecast.isPending && <Loader size="xs" aria-label="Refreshing" />}
          {mayPlan && (
            <Button
              variant="default"
              leftSection={<IconTarget size={16} />}
              onClick={() => setSettingQuotas(true)}
            >
              Quotas
            </Button>
          )}
        </Group>
      </Group>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <QuarterPicker
          value={quarter}
          onChange={(q: Quarter) => onSearchChange({ quarter: quarterParam(q) })}
        />
        <SegmentedControl
          aria-label="Kind"
          value={search.kind ?? 'new_arr'}
          onChange={(v) => onSearchChange({ kind: v === 'renewal' ? 'renewal' : undefined })}
          data={[
            { value: 'new_arr', label: 'New ARR' },
            { value: 'renewal', label: 'Renewals' },
          ]}
        />
        <Select
          aria-label="Whose forecast"
          data={whoOptions}
          value={whoValue}
          onChange={(v) => {
            if (!v || v.startsWith('rep:')) return;
            onSearchChange({ who: v === 'me' ? undefined : v, owner: undefined });
          }}
          allowDeselect={false}
          w={240}
          comboboxProps={{ withinPortal: true }}
        />
        {backTo && (
          <Anchor
            size="sm"
            mb={8}
            renderRoot={(props) => (
              <Link
                to="/forecast"
                search={{ quarter: search.quarter, kind: search.kind, who: search.who }}
                {...props}
              />
            )}
          >
            Back to {backTo === 'Everyone I can see' ? 'everyone' : backTo.replace(/^Team: /, 'team ')}
          </Anchor>
        )}
      </Group>
      {forecast.isPending ? (
        <PageLoader label="Loading the forecast…" />
      ) : forecast.isError ? (
        <ErrorState
          error={forecast.error}
          title="Could not load the forecast"
          onRetry={() => void forecast.refetch()}
        />
      ) : (
        <>
          <ForecastBody forecast={forecast.data} renewal={search.kind === 'renewal'} />
          {byRep && <ForecastByRep forecast={forecast.data} search={search} />}
        </>
      )}
      {mayPlan && (
        <QuotasModal
          opened={settingQuotas}
          onClose={() => setSettingQuotas(false)}
          period={{ from, to }}
          periodLabel={quarterLabel(quarter)}
          kind={search.kind ?? 'new_arr'}
        />
      )}
    </Stack>
  );
}

function Figure({
  label,
  value,
  exact,
  hint,
  testId,
}: {
  label: string;
  value: string;
  /** The exact amount behind a compact value, shown on hover. */
  exact?: string;
  hint?: string;
  testId: string;
}) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text
        size="lg"
        fw={700}
        title={exact}
        data-testid={testId}
        style={{ fontVariantNumeric: 'tabular-nums' }}
      >
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

/** A tile's amount: compact ("$34.4K"), the exact amount on hover. */
const amount = (n: number) => ({ value: formatMoney(n, { compact: true }), exact: formatMoney(n) });

function ForecastBody({ forecast: f, renewal }: { forecast: Forecast; renewal: boolean }) {
  const attainment = f.attainment;
  return (
    <Stack gap="md">
      {f.opportunities === 0 && f.quota === 0 && (
        <Paper withBorder p="md">
          <Text fw={500}>
            No {renewal ? 'renewal' : 'new ARR'} deals close in this period, and no quota is set.
          </Text>
          <Text size="sm" c="dimmed">
            Deals appear here by their close date. Pick another quarter, or add opportunities from the
            Pipeline.
          </Text>
        </Paper>
      )}
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <Figure label="Closed won" {...amount(f.closedWon)} testId="forecast-closed-won" />
        <Figure label="Commit" {...amount(f.commit)} hint="Won + commit" testId="forecast-commit" />
        <Figure
          label="Best case"
          {...amount(f.bestCase)}
          hint="Commit + best case"
          testId="forecast-best-case"
        />
        <Figure
          label="Pipeline"
          {...amount(f.pipeline)}
          hint="Best case + pipeline"
          testId="forecast-pipeline"
        />
        <Figure
          label="Weighted"
          {...amount(f.weighted)}
          hint="Won + amount × probability"
          testId="forecast-weighted"
        />
        <Figure
          label="Quota"
          {...(f.quota > 0 ? amount(f.quota) : { value: 'None set' })}
          testId="forecast-quota"
        />
        <Paper withBorder p="sm" style={{ gridColumn: 'span 2' }}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Attainment
          </Text>
          <Text size="lg" fw={700} data-testid="forecast-attainment">
            {attainment === null ? '—' : percent.format(attainment)}
          </Text>
          {attainment === null ? (
            <Text size="xs" c="dimmed">
              Closed won against quota, once a quota is set.
            </Text>
          ) : (
            <Progress
              value={Math.min(100, attainment * 100)}
              color={attainment >= 1 ? 'teal' : 'indigo'}
              aria-label="Attainment"
              mt={6}
            />
          )}
        </Paper>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <ForecastChart forecast={f} />
        <SimulationRange forecast={f} />
      </SimpleGrid>
    </Stack>
  );
}
