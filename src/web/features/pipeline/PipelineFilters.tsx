import { Button, Collapse, Group, Select, Stack } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useMediaQuery } from '@mantine/hooks';
import { IconAdjustmentsHorizontal, IconX } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ownerRoles } from '../accounts/index.ts';
import { quarterLabel, shiftQuarter, thisQuarter } from '../forecast/index.ts';
import { type OpportunityType, typeOptions } from '../opportunities/index.ts';
import { useMe } from '../session/index.ts';
import { teamsQuery, userDirectoryQuery } from '../users/index.ts';
import type { ClosePeriod, PipelineSearch } from './search.ts';

export function PipelineFilters({
  search,
  onChange,
}: {
  search: PipelineSearch;
  onChange: (patch: Partial<PipelineSearch>) => void;
}) {
  const me = useMe();
  const users = useQuery(userDirectoryQuery);
  const teams = useQuery(teamsQuery);
  const narrow = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [moreOpen, setMoreOpen] = useState(false);
  const now = thisQuarter();

  const owners = [
    { value: me.id, label: `Me (${me.name})` },
    ...(users.data ?? [])
      .filter((u) => u.id !== me.id && (ownerRoles.has(u.role) || u.id === search.owner))
      .map((u) => ({ value: u.id, label: u.active ? u.name : `${u.name} (deactivated)` })),
  ];
  const periods: { value: ClosePeriod; label: string }[] = [
    { value: 'this', label: `This quarter (${quarterLabel(now)})` },
    { value: 'next', label: `Next quarter (${quarterLabel(shiftQuarter(now, 1))})` },
    { value: 'custom', label: 'Custom dates' },
  ];
  const active = [search.owner, search.team, search.type, search.period].filter(Boolean).length;

  const fields = (
    <>
      <Select
        label="Owner"
        placeholder="Anyone"
        data={owners}
        value={search.owner ?? null}
        onChange={(v) => onChange({ owner: v ?? undefined })}
        searchable
        clearable
        nothingFoundMessage="Nobody matches."
        w={{ base: '100%', sm: 200 }}
      />
      <Select
        label="Team"
        placeholder="Any team"
        data={(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
        value={search.team ?? null}
        onChange={(v) => onChange({ team: v ?? undefined })}
        searchable
        clearable
        nothingFoundMessage={teams.isPending ? 'Loading…' : 'No team matches.'}
        w={{ base: '100%', sm: 170 }}
      />
      <Select
        label="Type"
        placeholder="Any type"
        data={typeOptions}
        value={search.type ?? null}
        onChange={(v) => onChange({ type: (v as OpportunityType | null) ?? undefined })}
        clearable
        w={{ base: '100%', sm: 150 }}
      />
      <Select
        label="Close date"
        placeholder="Any time"
        data={periods}
        value={search.period ?? null}
        onChange={(v) =>
          onChange({ period: (v as ClosePeriod | null) ?? undefined, from: undefined, to: undefined })
        }
        clearable
        w={{ base: '100%', sm: 220 }}
      />
      {search.period === 'custom' && (
        <DatePickerInput
          type="range"
          label="Closing between"
          placeholder="Pick dates"
          value={[search.from ?? null, search.to ?? null]}
          onChange={([from, to]) => onChange({ from: from ?? undefined, to: to ?? undefined })}
          valueFormat="MMM D, YYYY"
          allowSingleDateInRange
          clearable
          popoverProps={{ withinPortal: true }}
          w={{ base: '100%', sm: 250 }}
        />
      )}
      {active > 0 && (
        <Button
          variant="subtle"
          leftSection={<IconX size={14} />}
          onClick={() =>
            onChange({
              owner: undefined,
              team: undefined,
              type: undefined,
              period: undefined,
              from: undefined,
              to: undefined,
            })
          }
        >
          Clear filters
        </Button>
      )}
    </>
  );

  if (narrow) {
    return (
      <Stack gap="xs">
        <Button
          variant={active ? 'light' : 'default'}
          leftSection={<IconAdjustmentsHorizontal size={16} />}
          onClick={() => setMoreOpen((o) => !o)}
          aria-expanded={moreOpen}
          style={{ alignSelf: 'flex-start' }}
        >
          Filters{active ? ` (${active})` : ''}
        </Button>
        <Collapse expanded={moreOpen}>
          <Stack gap="xs">{fields}</Stack>
        </Collapse>
      </Stack>
    );
  }
  return (
    <Group align="flex-end" gap="sm" wrap="wrap">
      {fields}
    </Group>
  );
}
