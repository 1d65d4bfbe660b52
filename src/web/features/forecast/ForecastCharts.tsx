import { BarChart } from '@mantine/charts';
import { Box, Group, Paper, Stack, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { formatMoney } from '../../ui/format.ts';
import type { Forecast } from '../contracts/index.ts';

/** Closed won, commit, best case and pipeline (each includes the ones before it) against the quota line. */
export function ForecastChart({ forecast: f }: { forecast: Forecast }) {
  const data = [
    { name: 'Closed won', amount: f.closedWon, color: 'teal.6' },
    { name: 'Commit', amount: f.commit, color: 'indigo.6' },
    { name: 'Best case', amount: f.bestCase, color: 'indigo.4' },
    { name: 'Pipeline', amount: f.pipeline, color: 'gray.5' },
  ];
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h5">
          Against quota
        </Title>
        <BarChart
          h={280}
          data={data}
          dataKey="name"
          series={[{ name: 'amount', label: 'ARR', color: 'indigo.6' }]}
          valueFormatter={(v) => formatMoney(v)}
          yAxisProps={{ tickFormatter: (v: number) => formatMoney(v, { compact: true }) }}
          referenceLines={
            f.quota > 0
              ? [
                  {
                    y: f.quota,
                    label: `Quota ${formatMoney(f.quota)}`,
                    color: 'red.6',
                    // Over closed won, the shortest bar: on the right it sat on the pipeline bar.
                    labelPosition: 'insideTopLeft',
                    // The axis reaches the quota even when every bar is below it.
                    ifOverflow: 'extendDomain',
                  },
                ]
              : []
          }
          withBarValueLabel
          maxBarWidth={72}
          gridAxis="y"
          aria-hidden
        />
        <VisuallyHidden>
          <table>
            <caption>Forecast against quota</caption>
            <tbody>
              {data.map((d) => (
                <tr key={d.name}>
                  <th scope="row">{d.name}</th>
                  <td>{formatMoney(d.amount)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">Quota</th>
                <td>{formatMoney(f.quota)}</td>
              </tr>
            </tbody>
          </table>
        </VisuallyHidden>
      </Stack>
    </Paper>
  );
}

/** The simulation's p10–p90 band and median on one scale with the quota. */
export function SimulationRange({ forecast: f }: { forecast: Forecast }) {
  const { p10, p50, p90 } = f.simulation;
  const max = Math.max(p90, f.quota, f.pipeline, 1);
  const at = (v: number) => `${Math.min(100, (v / max) * 100)}%`;
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h5">
          Likely outcome
        </Title>
        {f.pipeline > f.closedWon ? (
          <Text size="sm" c="dimmed">
            In 10,000 simulated periods, each open deal won with its probability, 8 in 10 ended between{' '}
            <b>{formatMoney(p10)}</b> and <b>{formatMoney(p90)}</b>; half ended above{' '}
            <b>{formatMoney(p50)}</b>.
          </Text>
        ) : (
          // Without open deals every run ends at what is won; "between 21,000 and 21,000" read as a glitch.
          <Text size="sm" c="dimmed">
            No open deals are left in this period, so the outcome is what is already won:{' '}
            <b>{formatMoney(f.closedWon)}</b>.
          </Text>
        )}
        <Box pos="relative" h={36} mt="xs" aria-hidden>
          <Box
            pos="absolute"
            top={14}
            left={0}
            right={0}
            h={8}
            bg="var(--mantine-color-default-border)"
            style={{ borderRadius: 4 }}
          />
          <Tooltip label={`p10–p90: ${formatMoney(p10)} – ${formatMoney(p90)}`}>
            <Box
              pos="absolute"
              top={10}
              h={16}
              bg="indigo.4"
              style={{ left: at(p10), width: `calc(${at(p90)} - ${at(p10)})`, minWidth: 4, borderRadius: 4 }}
            />
          </Tooltip>
          <Tooltip label={`Median (p50): ${formatMoney(p50)}`}>
            <Box
              pos="absolute"
              top={4}
              h={28}
              w={3}
              bg="indigo.8"
              style={{ left: at(p50), borderRadius: 2 }}
            />
          </Tooltip>
          {f.quota > 0 && (
            <Tooltip label={`Quota: ${formatMoney(f.quota)}`}>
              <Box pos="absolute" top={0} h={36} w={2} bg="red.6" style={{ left: at(f.quota) }} />
            </Tooltip>
          )}
        </Box>
        {/* The scale's ends under the bar; the percentiles are not placed as if they were its ends. */}
        <Group justify="space-between" gap="xs" mt={-8} aria-hidden>
          <Text size="xs" c="dimmed">
            {formatMoney(0)}
          </Text>
          <Text size="xs" c="dimmed">
            {formatMoney(max, { compact: true })}
          </Text>
        </Group>
        <Group gap="md">
          <Text size="xs" c="dimmed">
            p10 {formatMoney(p10)}
          </Text>
          <Text size="xs" fw={600} data-testid="simulation-p50">
            p50 {formatMoney(p50)}
          </Text>
          <Text size="xs" c="dimmed">
            p90 {formatMoney(p90)}
          </Text>
          {f.quota > 0 && (
            <Text size="xs" c="red.7">
              Red line: quota {formatMoney(f.quota)}
            </Text>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
