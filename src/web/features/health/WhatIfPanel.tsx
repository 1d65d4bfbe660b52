import { Badge, Button, Group, NumberInput, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { scoreFromValues } from '../../../core/rules/health-score.ts';
import { healthColors, healthLabels } from '../accounts/index.ts';
import { formatChange } from './format.ts';
import type { AccountHealth, HealthModel } from './health.api.ts';
import { metricLabel } from './labels.ts';

type Values = Record<string, number | string>;

const initial = (health: AccountHealth): Values =>
  Object.fromEntries(health.components.map((c) => [c.metric, c.value ?? '']));

/**
 * Change the value of a component and see the score and band that the same rule as the server's
 * gives, computed here in the browser. Nothing is saved.
 */
export function WhatIfPanel({ health, model }: { health: AccountHealth; model: HealthModel }) {
  const [values, setValues] = useState<Values>(() => initial(health));
  const numbers = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, v === '' || Number.isNaN(Number(v)) ? null : Number(v)]),
  );
  const result = scoreFromValues(model, numbers);
  const changed = health.components.some((c) => (c.value ?? '') !== values[c.metric]);
  const delta = result.score !== null && health.score !== null ? result.score - health.score : null;

  return (
    <Paper withBorder p="md" h="100%">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h5">
            What if…
          </Title>
          <Button
            variant="subtle"
            size="compact-sm"
            disabled={!changed}
            onClick={() => setValues(initial(health))}
          >
            Reset
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          Try other values: the score below follows the health model as saved. Nothing is changed on the
          account.
        </Text>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          {model.components.map((c) => (
            <NumberInput
              key={c.metric}
              label={metricLabel(c.metric)}
              description={`Good ${c.good}, bad ${c.bad}`}
              placeholder="No data"
              value={values[c.metric] ?? ''}
              onChange={(v) => setValues((old) => ({ ...old, [c.metric]: v }))}
              decimalScale={2}
            />
          ))}
        </SimpleGrid>
        <Group gap="sm" align="baseline" aria-live="polite" data-testid="what-if-result">
          <Text size="sm" c="dimmed">
            Score would be
          </Text>
          <Text size="xl" fw={700} data-testid="what-if-score">
            {result.score ?? '—'}
          </Text>
          {result.band && (
            <Badge color={healthColors[result.band]} variant="filled" data-testid="what-if-band">
              {healthLabels[result.band]}
            </Badge>
          )}
          {changed && delta !== null && (
            <Text size="sm" c={delta > 0 ? 'green' : delta < 0 ? 'red' : 'dimmed'} fw={600}>
              {formatChange(delta)} from now
            </Text>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
