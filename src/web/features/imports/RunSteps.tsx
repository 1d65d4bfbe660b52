import { Alert, Button, Group, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload, IconPlayerPlay, IconPlayerStop, IconTestPipe } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { FormError } from '../../ui/states.tsx';
import {
  type DryRun,
  errorsCsvUrl,
  type ImportRecord,
  useDryRun,
  useRefreshAfterImport,
  useRunImport,
} from './imports.api.ts';
import { modeLabels } from './labels.ts';

/** How many of a dry run's errors are listed on the page; the rest are in the count. */
const ERRORS_SHOWN = 20;

function Stat({
  label,
  value,
  color,
  testId,
}: {
  label: string;
  value: number;
  color?: string;
  testId: string;
}) {
  return (
    <Paper withBorder p="sm" role="group" aria-label={label}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={value > 0 ? color : undefined} data-testid={testId}>
        {value.toLocaleString()}
      </Text>
    </Paper>
  );
}

/** Step 3: what the import would do, row by row, without writing anything. */
export function DryRunStep({ imp }: { imp: ImportRecord }) {
  const dryRun = useDryRun(imp.id);
  const result: DryRun | null = imp.dryRun;

  return (
    <Stack gap="sm" component="section" aria-label="Dry run">
      <Group justify="space-between" align="flex-end" gap="sm">
        <div>
          <Title order={3} size="h5">
            Try it first
          </Title>
          <Text size="sm" c="dimmed">
            A dry run reads every row as the import would and writes nothing.
          </Text>
        </div>
        <Button
          variant={result ? 'default' : 'filled'}
          leftSection={<IconTestPipe size={16} aria-hidden />}
          onClick={() => dryRun.mutate()}
          loading={dryRun.isPending}
        >
          {result ? 'Dry run again' : 'Dry run'}
        </Button>
      </Group>
      <FormError error={dryRun.error} />
      {result && (
        <>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
            <Stat label="Would create" value={result.create} color="green" testId="dry-run-create" />
            <Stat label="Would update" value={result.update} color="blue" testId="dry-run-update" />
            <Stat label="Would skip" value={result.skip} testId="dry-run-skip" />
            <Stat label="Errors" value={result.errorCount} color="red" testId="dry-run-errors" />
          </SimpleGrid>
          {result.errors.length > 0 && (
            <Table.ScrollContainer minWidth={560}>
              <Table verticalSpacing={4} striped aria-label="Dry run errors">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={70}>Row</Table.Th>
                    <Table.Th w={200}>Column</Table.Th>
                    <Table.Th>Problem</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {result.errors.slice(0, ERRORS_SHOWN).map((e) => (
                    <Table.Tr key={`${e.row}:${e.column}:${e.message}`}>
                      <Table.Td>{e.row}</Table.Td>
                      <Table.Td>{e.column ?? '—'}</Table.Td>
                      <Table.Td>{e.message}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {result.errorCount > ERRORS_SHOWN && (
            <Text size="sm" c="dimmed">
              The first {ERRORS_SHOWN} of {result.errorCount.toLocaleString()} errors. After the run, every
              failed row can be downloaded with its error.
            </Text>
          )}
        </>
      )}
    </Stack>
  );
}

const finishedTitles = {
  completed: 'Import completed',
  cancelled: 'Import cancelled',
  failed: 'Import failed',
} as const;
const finishedColors = { completed: 'green', cancelled: 'yellow', failed: 'red' } as const;

/** Step 4: run it, follow its progress, cancel it; then what it did and the rows that failed. */
export function RunStep({ imp }: { imp: ImportRecord }) {
  const run = useRunImport(imp.id, 'run');
  const cancel = useRunImport(imp.id, 'cancel');
  const refresh = useRefreshAfterImport();
  const { progress: p, status } = imp;

  // Once a run ends (seen here, by the poll), what it wrote shows everywhere.
  const previous = useRef(status);
  useEffect(() => {
    if (previous.current === 'running' && status !== 'running') void refresh();
    previous.current = status;
  }, [status, refresh]);

  if (status === 'analysed')
    return (
      <Stack gap="sm" component="section" aria-label="Run">
        <Group justify="space-between" align="flex-end" gap="sm">
          <div>
            <Title order={3} size="h5">
              Run the import
            </Title>
            <Text size="sm" c="dimmed">
              {modeLabels[imp.mode]}: {imp.rows.toLocaleString()} row{imp.rows === 1 ? '' : 's'}. It runs on
              the server; you may leave this page.
            </Text>
          </div>
          <Button
            leftSection={<IconPlayerPlay size={16} aria-hidden />}
            onClick={() => run.mutate()}
            loading={run.isPending}
          >
            Run import
          </Button>
        </Group>
        <FormError error={run.error} />
      </Stack>
    );

  const total = Math.max(p.total, 0);
  const percent = total ? Math.min(100, (p.done / total) * 100) : status === 'completed' ? 100 : 0;
  const running = status === 'running';

  return (
    <Stack gap="sm" component="section" aria-label="Run">
      <Title order={3} size="h5">
        {running ? 'Importing…' : finishedTitles[status]}
      </Title>
      <Progress
        value={percent}
        size="xl"
        striped={running}
        animated={running}
        color={running ? 'blue' : finishedColors[status]}
        aria-label="Import progress"
      />
      <Group justify="space-between" gap="sm">
        <Text size="sm" aria-live="polite" data-testid="import-progress">
          {p.done.toLocaleString()} of {total.toLocaleString()} rows
          {p.rowsPerSecond > 0 ? ` · ${Math.round(p.rowsPerSecond).toLocaleString()} rows/s` : ''}
        </Text>
        {running && (
          <Button
            variant="default"
            color="red"
            leftSection={<IconPlayerStop size={16} aria-hidden />}
            onClick={() => cancel.mutate()}
            loading={cancel.isPending}
          >
            Cancel
          </Button>
        )}
      </Group>
      <FormError error={cancel.error} />
      {!running && (
        <Alert color={finishedColors[status]} title={finishedTitles[status]} data-testid="import-summary">
          <Stack gap="xs">
            <Text size="sm">
              {p.created.toLocaleString()} created · {p.updated.toLocaleString()} updated ·{' '}
              {p.skipped.toLocaleString()} skipped · {p.failed.toLocaleString()} failed
              {status === 'cancelled' && p.done < total
                ? ` · ${(total - p.done).toLocaleString()} not reached`
                : ''}
            </Text>
            {imp.error && <Text size="sm">{imp.error}</Text>}
            {p.failed > 0 && (
              <Group>
                <Button
                  component="a"
                  href={errorsCsvUrl(imp.id)}
                  download
                  variant="default"
                  size="xs"
                  leftSection={<IconDownload size={14} aria-hidden />}
                >
                  Download errors
                </Button>
                <Text size="xs" c="dimmed">
                  The failed rows as they came, with an error column: fix them and import that file.
                </Text>
              </Group>
            )}
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}
