import { LineChart } from '@mantine/charts';
import { Text } from '@mantine/core';
import { formatDay } from '../../ui/format.ts';
import type { AccountHealth, HealthModel } from './health.api.ts';

const short = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const shortDay = (iso: string) => short.format(new Date(`${iso}T00:00:00Z`));

/** The score a week apart over the last 26 weeks, against the model's band thresholds. */
export function HealthTrend({
  history,
  bands,
}: {
  history: AccountHealth['history'];
  bands: HealthModel['bands'] | undefined;
}) {
  const scored = history.filter((h) => h.score !== null);
  if (scored.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No scores in the last 26 weeks yet.
      </Text>
    );
  const first = scored[0];
  const last = scored[scored.length - 1];
  const data = history.map((h) => ({ date: shortDay(h.date), Score: h.score }));

  return (
    <figure style={{ margin: 0 }}>
      <LineChart
        h={220}
        data={data}
        dataKey="date"
        series={[{ name: 'Score', color: 'indigo.6' }]}
        yAxisProps={{ domain: [0, 100], ticks: [0, 20, 40, 60, 80, 100], width: 32 }}
        xAxisProps={{ minTickGap: 24 }}
        connectNulls={false}
        curveType="linear"
        dotProps={{ r: 2.5 }}
        referenceLines={
          bands
            ? [
                {
                  y: bands.greenMin,
                  color: 'green.6',
                  label: `Green ${bands.greenMin}`,
                  labelPosition: 'insideTopLeft',
                },
                {
                  y: bands.yellowMin,
                  color: 'yellow.6',
                  label: `Yellow ${bands.yellowMin}`,
                  labelPosition: 'insideTopLeft',
                },
              ]
            : undefined
        }
      />
      <Text component="figcaption" size="xs" c="dimmed" mt={4}>
        Weekly score from {formatDay(first?.date)} ({first?.score}) to {formatDay(last?.date)} ({last?.score}
        ).
      </Text>
    </figure>
  );
}
