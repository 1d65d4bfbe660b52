import {
  Alert,
  Badge,
  Button,
  Group,
  List,
  Loader,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorState, FormError } from '../../ui/states.tsx';
import { userDirectoryQuery } from '../users/index.ts';
import {
  columnValuesQuery,
  type ImportField,
  type ImportMode,
  type ImportPatch,
  type ImportRecord,
  usePatchImport,
} from './imports.api.ts';
import { customFieldKey, humanize, modeOptions } from './labels.ts';

const IGNORE = '__ignore';
const NEW_CUSTOM = '__new_custom';
const CUSTOM = 'customFields.';

/** The first few values of a column in the sample, skipping empty ones. */
function sampleValues(imp: ImportRecord, header: string, n = 3): string[] {
  const out: string[] = [];
  for (const s of imp.sample) {
    const v = s.values[header]?.trim();
    if (v && !out.includes(v)) out.push(v);
    if (out.length === n) break;
  }
  return out;
}

/** Step 2: each column to a field, how rows meet existing records, the default owner, value maps. */
export function MappingStep({ imp }: { imp: ImportRecord }) {
  const patch = usePatchImport(imp.id);
  const users = useQuery(userDirectoryQuery);
  const [customFor, setCustomFor] = useState<Record<string, string>>({});

  const mapped = new Set(Object.values(imp.mapping).filter(Boolean));
  const missing = imp.fields.filter((f) => f.required && !mapped.has(f.key));
  const fieldByKey = new Map(imp.fields.map((f) => [f.key, f]));
  const customKeys = Object.values(imp.mapping).filter((k): k is string => !!k?.startsWith(CUSTOM));
  const allowsCustom = imp.entity === 'accounts';
  const hasOwner = fieldByKey.has('owner');
  const ownerId = typeof imp.defaults.ownerId === 'string' ? imp.defaults.ownerId : null;
  const activeUsers = (users.data ?? []).filter((u) => u.active || u.id === ownerId);

  const options = [
    { group: 'Not imported', items: [{ value: IGNORE, label: 'Ignore' }] },
    {
      group: 'Fields',
      items: imp.fields.map((f) => ({ value: f.key, label: f.required ? `${f.label} (required)` : f.label })),
    },
    ...(allowsCustom
      ? [
          {
            group: 'Custom fields',
            items: [
              ...customKeys.map((k) => ({ value: k, label: `${k.slice(CUSTOM.length)} (custom field)` })),
              { value: NEW_CUSTOM, label: 'New custom field…' },
            ],
          },
        ]
      : []),
  ];

  /** Maps a column; a field another column filled moves here (the server refuses a field twice). */
  const mapColumn = (header: string, field: string | null) => {
    const change: Record<string, string | null> = { [header]: field };
    if (field)
      for (const [other, f] of Object.entries(imp.mapping))
        if (f === field && other !== header) change[other] = null;
    patch.mutate({ mapping: change });
  };

  const onSelect = (header: string, v: string | null) => {
    if (v === NEW_CUSTOM) {
      setCustomFor((c) => ({ ...c, [header]: customFieldKey(header) }));
      return;
    }
    setCustomFor(({ [header]: _, ...rest }) => rest);
    mapColumn(header, !v || v === IGNORE ? null : v);
  };

  const addCustom = (header: string) => {
    const key = (customFor[header] ?? '').trim();
    if (!key) return;
    patch.mutate(
      { mapping: { [header]: `${CUSTOM}${key}` } },
      { onSuccess: () => setCustomFor(({ [header]: _, ...rest }) => rest) },
    );
  };

  const sampleProblems = imp.sample.flatMap((s) => s.errors.map((e) => ({ row: s.row, ...e })));

  return (
    <Stack gap="md" component="section" aria-label="Map columns">
      <div>
        <Title order={3} size="h5">
          Map the columns
        </Title>
        <Text size="sm" c="dimmed">
          Each column of the file fills one field, or is ignored. The proposal comes from the headers; change
          any of it.
        </Text>
      </div>

      {missing.length > 0 && (
        <Alert color="red" icon={<IconAlertTriangle />} title="Required fields not mapped" role="alert">
          {missing.map((f) => f.label).join(', ')}: map a column to {missing.length === 1 ? 'it' : 'each'}, or
          every row fails.
        </Alert>
      )}

      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing="xs" aria-label="Column mapping" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Column</Table.Th>
              <Table.Th>Sample values</Table.Th>
              <Table.Th w={320}>Imports into</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {imp.headers.map((header) => {
              const field = imp.mapping[header] ?? null;
              const values = sampleValues(imp, header);
              const pendingCustom = customFor[header];
              return (
                <Table.Tr key={header} data-column={header}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {header}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {values.length ? (
                      <Text size="sm" c="dimmed" lineClamp={2}>
                        {values.join(' · ')}
                      </Text>
                    ) : (
                      <Text size="sm" c="dimmed" fs="italic">
                        empty in the first rows
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={6}>
                      <Select
                        aria-label={`Field for column ${header}`}
                        data={options}
                        value={pendingCustom !== undefined ? NEW_CUSTOM : (field ?? IGNORE)}
                        onChange={(v) => onSelect(header, v)}
                        allowDeselect={false}
                        searchable
                        disabled={patch.isPending}
                        comboboxProps={{ withinPortal: true }}
                      />
                      {pendingCustom !== undefined && (
                        <Group gap="xs" align="flex-end" wrap="nowrap">
                          <TextInput
                            label="Custom field key"
                            value={pendingCustom}
                            onChange={(e) => {
                              const v = e.currentTarget.value;
                              setCustomFor((c) => ({ ...c, [header]: v }));
                            }}
                            onKeyDown={(e) => {
                              if (e.key === 'Enter') {
                                e.preventDefault();
                                addCustom(header);
                              }
                            }}
                            maxLength={100}
                            size="xs"
                            style={{ flex: 1 }}
                          />
                          <Button
                            size="xs"
                            onClick={() => addCustom(header)}
                            disabled={!pendingCustom.trim() || /\s/.test(pendingCustom.trim())}
                            loading={patch.isPending}
                          >
                            Add field
                          </Button>
                        </Group>
                      )}
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <FormError error={patch.error} fields={[]} />

      <Group align="flex-start" gap="md" wrap="wrap">
        <Select
          label="Rows that match an existing record"
          description="Matched by id, external id, then domain or e-mail"
          data={modeOptions}
          value={imp.mode}
          onChange={(v) => v && patch.mutate({ mode: v as ImportMode })}
          allowDeselect={false}
          disabled={patch.isPending}
          w={{ base: '100%', xs: 320 }}
        />
        {hasOwner && (
          <Select
            label="Default owner"
            description="For rows that name no owner, or one Steward does not know"
            placeholder={users.isPending ? 'Loading people…' : 'You, the importer'}
            data={activeUsers.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))}
            value={ownerId}
            onChange={(v) => patch.mutate({ defaults: v ? { ownerId: v } : {} })}
            clearable
            searchable
            nothingFoundMessage="Nobody matches."
            disabled={patch.isPending}
            w={{ base: '100%', xs: 320 }}
          />
        )}
      </Group>

      <ValueMaps
        imp={imp}
        fieldByKey={fieldByKey}
        onChange={(body) => patch.mutate(body)}
        busy={patch.isPending}
      />

      {sampleProblems.length > 0 && (
        <Alert color="yellow" title={`Problems in the first ${imp.sample.length} rows`}>
          <List size="sm" spacing={2}>
            {sampleProblems.slice(0, 5).map((p) => (
              <List.Item key={`${p.row}:${p.column}:${p.message}`}>
                Row {p.row}: {p.message}
              </List.Item>
            ))}
          </List>
          {sampleProblems.length > 5 && (
            <Text size="sm" mt={4}>
              and {sampleProblems.length - 5} more; the dry run lists them all.
            </Text>
          )}
        </Alert>
      )}
    </Stack>
  );
}

/** A value map for each mapped column whose field takes a closed list of values or a person. */
function ValueMaps({
  imp,
  fieldByKey,
  onChange,
  busy,
}: {
  imp: ImportRecord;
  fieldByKey: Map<string, ImportField>;
  onChange: (body: ImportPatch) => void;
  busy: boolean;
}) {
  const columns = Object.entries(imp.mapping).flatMap(([header, key]) => {
    const field = key ? fieldByKey.get(key) : undefined;
    return field && (field.kind === 'enum' || field.kind === 'user') ? [{ header, field }] : [];
  });
  if (columns.length === 0) return null;

  const setValue = (field: string, csv: string, to: string | null) => {
    const { [csv]: _, ...rest } = imp.valueMaps[field] ?? {};
    const next = to ? { ...rest, [csv]: to } : rest;
    const { [field]: __, ...others } = imp.valueMaps;
    onChange({ valueMaps: Object.keys(next).length ? { ...others, [field]: next } : others });
  };

  return (
    <Stack gap="sm" component="section" aria-label="Value maps">
      <div>
        <Title order={3} size="h5">
          Translate values
        </Title>
        <Text size="sm" c="dimmed">
          Values left on “Match automatically” are taken as they are when Steward knows them (a Salesforce or
          HubSpot stage, a person’s e-mail or name); a value it cannot match fails its row.
        </Text>
      </div>
      {columns.map(({ header, field }) => (
        <ValueMapTable
          key={header}
          imp={imp}
          header={header}
          field={field}
          busy={busy}
          onSet={(csv, to) => setValue(field.key, csv, to)}
        />
      ))}
    </Stack>
  );
}

function ValueMapTable({
  imp,
  header,
  field,
  busy,
  onSet,
}: {
  imp: ImportRecord;
  header: string;
  field: ImportField;
  busy: boolean;
  onSet: (csv: string, to: string | null) => void;
}) {
  const values = useQuery(columnValuesQuery(imp.id, header));
  const users = useQuery({ ...userDirectoryQuery, enabled: field.kind === 'user' });
  const choices =
    field.kind === 'user'
      ? (users.data ?? [])
          .filter((u) => u.active)
          .map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))
      : (field.values ?? []).map((v) => ({ value: v, label: humanize(v) }));
  const map = imp.valueMaps[field.key] ?? {};

  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Text size="sm" fw={500}>
          {header}
        </Text>
        <Badge variant="light" size="sm">
          {field.label}
        </Badge>
        {values.isFetching && <Loader size="xs" aria-label="Loading values" />}
      </Group>
      {values.isError ? (
        <ErrorState
          error={values.error}
          title={`Could not load the values of ${header}`}
          onRetry={() => void values.refetch()}
        />
      ) : values.data && values.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          The column is empty.
        </Text>
      ) : (
        values.data && (
          <Table.ScrollContainer minWidth={520}>
            <Table verticalSpacing={4} aria-label={`Values of ${header}`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>In the file</Table.Th>
                  <Table.Th ta="right">Rows</Table.Th>
                  <Table.Th w={320}>In Steward</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {values.data.map(({ value, count }) => (
                  <Table.Tr key={value}>
                    <Table.Td>
                      <Text size="sm">{value}</Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm">{count.toLocaleString()}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Select
                        aria-label={`${field.label} for ${value}`}
                        placeholder="Match automatically"
                        data={choices}
                        value={map[value] ?? null}
                        onChange={(v) => onSet(value, v)}
                        clearable
                        searchable
                        size="xs"
                        disabled={busy}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )
      )}
    </Stack>
  );
}
