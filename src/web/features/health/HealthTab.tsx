import { Badge, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { Account } from '../../api.ts';
import { QueryContent } from '../../ui/lists.tsx';
import { ErrorState } from '../../ui/states.tsx';
import { ChurnRiskBadge, ChurnRiskReasons, healthColors, healthLabels } from '../accounts/index.ts';
import { ComponentBars } from './ComponentBars.tsx';
import { biggestDrag, describeDrag } from './format.ts';
import { HealthTrend } from './HealthTrend.tsx';
import { type AccountHealth, accountHealthQuery, healthModelQuery } from './health.api.ts';
import { WhatIfPanel } from './WhatIfPanel.tsx';

function ScoreSummary({ health }: { health: AccountHealth }) {
  const drag = biggestDrag(health.components);
  return (
    <Group gap="lg" align="center" wrap="wrap">
      <div>
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          Health score
        </Text>
        <Text fz={44} fw={700} lh={1} data-testid="health-score">
          {health.score ?? '—'}
        </Text>
      </div>
      <Stack gap={6}>
        <Group gap="xs">
          {health.band ? (
            <Badge size="lg" color={healthColors[health.band]} variant="filled" data-testid="health-band">
              {healthLabels[health.band]}
            </Badge>
          ) : (
            <Badge size="lg" color="gray" variant="light">
              Not scored
            </Badge>
          )}
          {health.churnRisk && (
            <ChurnRiskBadge size="lg" risk={health.churnRisk} reasons={health.churnRiskReasons} />
          )}
        </Group>
        <ChurnRiskReasons reasons={health.churnRiskReasons} />
        {drag && (
          <Text size="sm" data-testid="health-reason">
            Pulled down most by <strong>{describeDrag(drag)}</strong>.
          </Text>
        )}
      </Stack>
    </Group>
  );
}

/** An account's health: the score and its parts, the trend, and a what-if of other values. */
export function HealthTab({ account }: { account: Account }) {
  const health = useQuery(accountHealthQuery(account.id));
  const model = useQuery(healthModelQuery);
  const data = health.data;
  const unscored = data && data.score === null && data.components.every((c) => c.value === null);

  return (
    <QueryContent query={health} what="the health score">
      {data && (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Paper withBorder p="md" h="100%">
              <Stack gap="md">
                <ScoreSummary health={data} />
                {unscored && (
                  <Text size="sm" c="dimmed">
                    {account.name} has no health data yet. Scores come from signals pushed through the API
                    (NPS, product usage…) and from what Steward tracks itself: touches and open issues.
                  </Text>
                )}
                <ComponentBars components={data.components} bands={model.data?.bands} />
              </Stack>
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            {model.isError ? (
              <ErrorState
                error={model.error}
                title="Could not load the health model"
                onRetry={() => void model.refetch()}
              />
            ) : model.data ? (
              // New values or a new model start the what-if again from the real values.
              <WhatIfPanel
                key={JSON.stringify([data.components.map((c) => c.value), model.data])}
                health={data}
                model={model.data}
              />
            ) : null}
          </Grid.Col>
          <Grid.Col span={12}>
            <Paper withBorder p="md">
              <Stack gap="sm">
                <Title order={2} size="h5">
                  Last 26 weeks
                </Title>
                <HealthTrend history={data.history} bands={model.data?.bands} />
              </Stack>
            </Paper>
          </Grid.Col>
        </Grid>
      )}
    </QueryContent>
  );
}
