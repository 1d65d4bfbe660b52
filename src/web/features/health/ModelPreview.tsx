import { Badge, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { dayOf } from '../../../core/rules/dates.ts';
import { type AccountFacts, metricValues, scoreFromValues } from '../../../core/rules/health-score.ts';
import type { Account } from '../../api.ts';
import { ErrorState } from '../../ui/states.tsx';
import { AccountSelect, accountQuery, healthColors, healthLabels } from '../accounts/index.ts';
import { type Issue, issuesQuery } from '../issues/index.ts';
import { formatChange, formatMetricValue, formatPoints } from './format.ts';
import { type Signal, signalsQuery } from './health.api.ts';
import { computedMetrics, metricLabel } from './labels.ts';
import { type ModelValues, previewModel } from './modelForm.ts';

/** The facts the rule scores an account from, as far as the web can read them. */
function factsOf(account: Account, issues: Issue[], signals: Signal[]): AccountFacts {
  return {
    createdAt: account.createdAt,
    signals,
    // Only the latest touch matters for a score as of today.
    touches: account.lastTouchAt ? [account.lastTouchAt] : [],
    issues,
  };
}

/**
 * The score a sample account would get under the model being edited, from its real signals, touches
 * and issues, through the same rule as the server.
 */
export function ModelPreview({ values }: { values: ModelValues }) {
  const [accountId, setAccountId] = useState<string | null>(null);
  const [debounced] = useDebouncedValue(values, 300);
  const { model, skipped } = previewModel(debounced);
  const signalMetrics = [...new Set(model.components.map((c) => c.metric))].filter(
    (m) => !computedMetrics.has(m),
  );

  const account = useQuery({ ...accountQuery(accountId ?? ''), enabled: Boolean(accountId) });
  const issues = useQuery({
    ...issuesQuery({ accountId: accountId ?? '' }, 2000),
    enabled: Boolean(accountId),
  });
  const signals = useQueries({
    queries: signalMetrics.map((m) => ({ ...signalsQuery(accountId ?? '', m), enabled: Boolean(accountId) })),
  });

  const failed = [account, issues, ...signals].find((q) => q.isError);
  const loading = Boolean(accountId) && [account, issues, ...signals].some((q) => q.isPending);
  const ready = account.data && issues.data && !loading && !failed;

  let body = (
    <Text size="sm" c="dimmed">
      Pick an account to see its score under the model as you edit it.
    </Text>
  );
  if (accountId && failed)
    body = <ErrorState error={failed.error} title="Could not load the account's data" />;
  else if (loading) body = <Loader size="sm" aria-label="Loading the account's data" />;
  else if (ready) {
    const facts = factsOf(
      account.data,
      issues.data,
      signals.flatMap((s) => s.data ?? []),
    );
    const result = scoreFromValues(model, metricValues(model, facts, dayOf(new Date())));
    const now = account.data.healthScore;
    body = (
      <Stack gap="sm">
        <Group gap="sm" align="baseline" aria-live="polite">
          <Text size="sm" c="dimmed">
            Score under this model
          </Text>
          <Text fz={28} fw={700} data-testid="preview-score">
            {result.score ?? '—'}
          </Text>
          {result.band && (
            <Badge color={healthColors[result.band]} variant="filled">
              {healthLabels[result.band]}
            </Badge>
          )}
          <Text size="sm" c="dimmed">
            now {now ?? '—'}
            {now !== null && result.score !== null && result.score !== now
              ? ` (${formatChange(result.score - now)})`
              : ''}
          </Text>
        </Group>
        <Table verticalSpacing={4} aria-label="Preview components">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Component</Table.Th>
              <Table.Th ta="right">Value</Table.Th>
              <Table.Th ta="right">Score</Table.Th>
              <Table.Th ta="right">Points</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {result.components.map((c) => (
              <Table.Tr key={c.metric}>
                <Table.Td>{metricLabel(c.metric)}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {formatMetricValue(c.metric, c.value)}
                </Table.Td>
                <Table.Td ta="right">{c.score === null ? '—' : formatPoints(c.score)}</Table.Td>
                <Table.Td ta="right">{c.contribution === null ? '—' : formatPoints(c.contribution)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    );
  }

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h5">
          Preview
        </Title>
        <AccountSelect label="Sample account" value={accountId} onChange={setAccountId} clearable />
        {body}
        {skipped > 0 && (
          <Text size="xs" c="dimmed">
            {skipped === 1 ? 'One component is' : `${skipped} components are`} left out of the preview until
            complete (a metric key, a weight above 0, and good different from bad).
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
