import { Badge, Group, Loader, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { Account } from '../../api.ts';
import { ErrorState } from '../../ui/states.tsx';
import { ChurnRiskBadge, ChurnRiskReasons, healthColors, healthLabels } from '../accounts/index.ts';
import { biggestDrag, describeDrag } from './format.ts';
import { accountHealthQuery } from './health.api.ts';

/** The account's score, band and churn risk, and what pulls the score down most (Overview tab). */
export function HealthSummary({ account }: { account: Account }) {
  const health = useQuery(accountHealthQuery(account.id));
  const drag = health.data ? biggestDrag(health.data.components) : null;
  return (
    <Stack gap="xs">
      <Group gap="xs" align="center">
        <Text fz={32} fw={700} lh={1}>
          {account.healthScore ?? '—'}
        </Text>
        {account.healthBand ? (
          <Badge color={healthColors[account.healthBand]} variant="filled">
            {healthLabels[account.healthBand]}
          </Badge>
        ) : (
          <Badge color="gray" variant="light">
            Not scored
          </Badge>
        )}
        {account.churnRisk && <ChurnRiskBadge risk={account.churnRisk} reasons={account.churnRiskReasons} />}
      </Group>
      <ChurnRiskReasons reasons={account.churnRiskReasons} />
      {health.isPending ? (
        <Loader size="xs" aria-label="Loading the reasons" />
      ) : health.isError ? (
        <ErrorState
          error={health.error}
          title="Could not load the reasons"
          onRetry={() => void health.refetch()}
        />
      ) : drag ? (
        <Text size="sm">
          Pulled down most by <strong>{describeDrag(drag)}</strong>.
        </Text>
      ) : (
        <Text size="sm" c="dimmed">
          {account.healthScore === null
            ? 'No health data yet: signals, touches and issues make the score.'
            : 'Every component is at its best.'}
        </Text>
      )}
    </Stack>
  );
}
