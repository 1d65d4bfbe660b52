import {
  Alert,
  Badge,
  Button,
  FileInput,
  Group,
  Paper,
  Select,
  Stack,
  Stepper,
  Text,
  Title,
} from '@mantine/core';
import { IconFileTypeCsv, IconUpload } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ErrorState, FormError, PageLoader } from '../../ui/states.tsx';
import { useMe } from '../session/index.ts';
import { ImportHistory } from './ImportHistory.tsx';
import { type ImportEntity, type ImportRecord, importQuery, useUploadImport } from './imports.api.ts';
import {
  delimiterLabel,
  entityLabels,
  entityOptions,
  sourceLabels,
  statusColors,
  statusLabels,
} from './labels.ts';
import { MappingStep } from './MappingStep.tsx';
import { DryRunStep, RunStep } from './RunSteps.tsx';

/** Settings → Import: upload a CSV file, map its columns, try it, run it; and what was imported before. */
export function ImportsTab() {
  const me = useMe();
  const [currentId, setCurrentId] = useState<string | null>(null);

  if (me.role !== 'admin')
    return (
      <Alert color="gray" title="Admins only">
        Only admins can import data into Steward.
      </Alert>
    );

  return (
    <Stack gap="xl">
      {currentId ? (
        <ImportWizard id={currentId} onClose={() => setCurrentId(null)} />
      ) : (
        <UploadForm onUploaded={(i) => setCurrentId(i.id)} />
      )}
      <ImportHistory currentId={currentId} onOpen={setCurrentId} />
    </Stack>
  );
}

function UploadForm({ onUploaded }: { onUploaded: (i: ImportRecord) => void }) {
  const [entity, setEntity] = useState<ImportEntity>('accounts');
  const [file, setFile] = useState<File | null>(null);
  const upload = useUploadImport();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    upload.mutate({ entity, file }, { onSuccess: onUploaded });
  };

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="Upload a file to import">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4">
            Import from a CSV file
          </Title>
          <Text size="sm" c="dimmed">
            An export from Salesforce, HubSpot or Steward, or any spreadsheet saved as CSV: UTF-8 or
            Windows-1252, separated by commas, semicolons or tabs, with a header row. Nothing is written until
            you run the import.
          </Text>
        </div>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <Select
            label="Import into"
            data={entityOptions}
            value={entity}
            onChange={(v) => v && setEntity(v as ImportEntity)}
            allowDeselect={false}
            w={{ base: '100%', xs: 200 }}
          />
          <FileInput
            label="CSV file"
            placeholder="Choose a file"
            accept=".csv,text/csv,text/plain,.txt,.tsv"
            value={file}
            onChange={(f) => {
              upload.reset();
              setFile(f);
            }}
            leftSection={<IconFileTypeCsv size={16} aria-hidden />}
            clearable
            w={{ base: '100%', xs: 320 }}
          />
          <Button
            type="submit"
            disabled={!file}
            loading={upload.isPending}
            leftSection={<IconUpload size={16} aria-hidden />}
          >
            Upload
          </Button>
        </Group>
        <FormError error={upload.error} />
      </Stack>
    </Paper>
  );
}

/**
 * The step at hand: the mapping (1) until a dry run of the current mapping, then the run (3); all
 * four done once it ran. A change to the mapping drops the dry run, so it is back to the mapping.
 */
const stepOf = (i: ImportRecord) => (i.status !== 'analysed' ? 4 : i.dryRun ? 3 : 1);

function ImportWizard({ id, onClose }: { id: string; onClose: () => void }) {
  const query = useQuery(importQuery(id));
  if (query.isPending) return <PageLoader label="Loading the import…" />;
  if (query.isError)
    return (
      <Stack gap="sm" align="flex-start">
        <ErrorState
          error={query.error}
          title="Could not load the import"
          onRetry={() => void query.refetch()}
        />
        <Button variant="default" onClick={onClose}>
          Import another file
        </Button>
      </Stack>
    );
  const imp = query.data;
  const open = imp.status === 'analysed';

  return (
    <Paper withBorder p="md">
      <Stack gap="lg">
        <Group justify="space-between" align="flex-start" gap="sm">
          <div>
            <Group gap="xs">
              <Title order={2} size="h4">
                {imp.fileName}
              </Title>
              <Badge color={statusColors[imp.status]} variant="light">
                {statusLabels[imp.status]}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed">
              {entityLabels[imp.entity]} · {imp.rows.toLocaleString()} row{imp.rows === 1 ? '' : 's'} ·{' '}
              {sourceLabels[imp.source] ?? imp.source} · {imp.encoding}, {delimiterLabel(imp.delimiter)}
              -separated
            </Text>
          </div>
          <Button variant="default" onClick={onClose}>
            Import another file
          </Button>
        </Group>
        <Stepper active={stepOf(imp)} size="sm" allowNextStepsSelect={false}>
          <Stepper.Step label="Upload" description="The file is read" />
          <Stepper.Step label="Map columns" description="Each column to a field" />
          <Stepper.Step label="Dry run" description="Nothing written yet" />
          <Stepper.Step label="Run" description="The records are written" />
        </Stepper>
        {open && <MappingStep imp={imp} />}
        {open && <DryRunStep imp={imp} />}
        <RunStep imp={imp} />
      </Stack>
    </Paper>
  );
}
