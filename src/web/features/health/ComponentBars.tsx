import { Badge, Group, Progress, Stack, Text } from '@mantine/core';
import { IconArrowDown } from '@tabler/icons-react';
import { biggestDrag, formatMetricValue, formatPoints, pointsLost } from './format.ts';
import type { HealthModel } from './health.api.ts';
import { computedMetrics, metricLabel } from './labels.ts';

interface Component {
  metric: string;
  value: number | null;
  score: number | null;
  weight: number;
  contribution: number | null;
}

/** A component's own score coloured by the model's bands, so a red bar reads as a red part of the score. */
function barColor(score: number, bands: HealthModel['bands'] | undefined): string {
  const { greenMin, yellowMin } = bands ?? { greenMin: 70, yellowMin: 40 };
  return score >= greenMin ? 'green' : score >= yellowMin ? 'yellow' : 'red';
}

/**
 * Each component of a score as a bar of its own score (0–100), with its value, weight and the points
 * it contributes; the one that costs the score the most is marked.
 */
export function ComponentBars({
  components,
  bands,
}: {
  components: Component[];
  bands: HealthModel['bands'] | undefined;
}) {
  const counted = components.reduce((s, c) => s + (c.contribution === null ? 0 : c.weight), 0);
  const drag = biggestDrag(components);

  return (
    <Stack gap="md" role="list" aria-label="Score components">
      {components.map((c) => {
        const isDrag = drag?.metric === c.metric;
        const lost = pointsLost(c, counted);
        const name = metricLabel(c.metric);
        return (
          <Stack
            key={c.metric}
            gap={4}
            role="listitem"
            aria-label={name}
            data-metric={c.metric}
            data-drag={isDrag || undefined}
          >
            <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-end">
              <Group gap="xs" style={{ minWidth: 0 }}>
                <Text size="sm" fw={600}>
                  {name}
                </Text>
                {isDrag && (
                  <Badge
                    color="red"
                    variant="light"
                    size="sm"
                    leftSection={<IconArrowDown size={12} aria-hidden />}
                  >
                    Drags the score down most
                  </Badge>
                )}
              </Group>
              <Text size="sm" fw={600} style={{ flexShrink: 0 }}>
                {c.score === null ? '—' : `${formatPoints(c.score)} / 100`}
              </Text>
            </Group>
            <Progress
              value={c.score ?? 0}
              color={c.score === null ? 'gray' : barColor(c.score, bands)}
              size="lg"
              radius="sm"
              aria-label={`${name} score`}
              aria-valuetext={c.score === null ? 'no data' : `${formatPoints(c.score)} out of 100`}
            />
            <Text size="xs" c="dimmed">
              Value {formatMetricValue(c.metric, c.value)}
              {computedMetrics.has(c.metric) ? ' (computed by Steward)' : ''} · weight {c.weight}
              {c.contribution === null
                ? ' · left out of the score until it has a value'
                : ` · contributes ${formatPoints(c.contribution)} points${lost >= 0.05 ? `, costs ${formatPoints(lost)}` : ''}`}
            </Text>
          </Stack>
        );
      })}
    </Stack>
  );
}
