import { Button, Collapse, Group, Select, Stack, Switch, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useDebouncedCallback, useMediaQuery } from '@mantine/hooks';
import { IconAdjustmentsHorizontal, IconSearch, IconTag, IconX } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { isoDay } from '../../ui/format.ts';
import { useMe } from '../session/index.ts';
import { teamsQuery, userDirectoryQuery } from '../users/index.ts';
import {
  bandOptions,
  type ChurnRisk,
  churnRiskOptions,
  type HealthBand,
  ownerRoles,
  type Segment,
  type Stage,
  segmentOptions,
  stageOptions,
} from './labels.ts';
import type { AccountListSearch } from './search.ts';

/** A text box that types freely and reports its value after a short pause. */
function useDebouncedText(value: string | undefined, onChange: (v: string | undefined) => void) {
  const [text, setText] = useState(value ?? '');
  const report = useDebouncedCallback((v: string) => onChange(v.trim() || undefined), 250);
  // The address changed from elsewhere (back button, "Clear filters"): show it.
  useEffect(() => {
    setText((t) => ((t.trim() || undefined) === value ? t : (value ?? '')));
  }, [value]);
  return {
    value: text,
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => {
      setText(e.currentTarget.value);
      report(e.currentTarget.value);
    },
  };
}

export function AccountFilters({
  search,
  onChange,
}: {
  search: AccountListSearch;
  onChange: (patch: Partial<AccountListSearch>) => void;
}) {
  const me = useMe();
  const users = useQuery(userDirectoryQuery);
  const teams = useQuery(teamsQuery);
  const narrow = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [moreOpen, setMoreOpen] = useState(false);
  const q = useDebouncedText(search.q, (v) => onChange({ q: v }));
  const tag = useDebouncedText(search.tag, (v) => onChange({ tag: v }));

  const owners = [
    { value: me.id, label: `Me (${me.name})` },
    ...(users.data ?? [])
      .filter((u) => u.id !== me.id && (ownerRoles.has(u.role) || u.id === search.owner))
      .map((u) => ({ value: u.id, label: u.active ? u.name : `${u.name} (deactivated)` })),
  ];
  const teamOptions = (teams.data ?? []).map((t) => ({ value: t.id, label: t.name }));
  // A team from a link that the list does not hold (yet) is still shown as chosen.
  if (search.team && !teamOptions.some((t) => t.value === search.team))
    teamOptions.push({ value: search.team, label: teams.isPending ? '…' : 'Unknown team' });
  const active = [
    search.owner,
    search.team,
    search.segment,
    search.stage,
    search.band,
    search.risk,
    search.due,
    search.tag,
    search.archived,
  ].filter(Boolean).length;

  const more = (
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
        data={teamOptions}
        value={search.team ?? null}
        onChange={(v) => onChange({ team: v ?? undefined })}
        searchable
        clearable
        nothingFoundMessage="No team matches."
        w={{ base: '100%', sm: 180 }}
      />
      <Select
        label="Segment"
        placeholder="Any"
        data={segmentOptions}
        value={search.segment ?? null}
        onChange={(v) => onChange({ segment: (v as Segment | null) ?? undefined })}
        clearable
        w={{ base: '100%', sm: 140 }}
      />
      <Select
        label="Stage"
        placeholder="Any"
        data={stageOptions}
        value={search.stage ?? null}
        onChange={(v) => onChange({ stage: (v as Stage | null) ?? undefined })}
        clearable
        w={{ base: '100%', sm: 140 }}
      />
      <Select
        label="Health"
        placeholder="Any"
        data={bandOptions}
        value={search.band ?? null}
        onChange={(v) => onChange({ band: (v as HealthBand | null) ?? undefined })}
        clearable
        w={{ base: '100%', sm: 120 }}
      />
      <Select
        label="Churn risk"
        placeholder="Any"
        data={churnRiskOptions}
        value={search.risk ?? null}
        onChange={(v) => onChange({ risk: (v as ChurnRisk | null) ?? undefined })}
        clearable
        w={{ base: '100%', sm: 120 }}
      />
      <DateInput
        label="Check-in due by"
        placeholder="Any date"
        value={search.due ?? null}
        onChange={(v) => onChange({ due: v ?? undefined })}
        valueFormat="MMM D, YYYY"
        clearable
        popoverProps={{ withinPortal: true }}
        w={{ base: '100%', sm: 160 }}
        rightSection={
          search.due ? undefined : (
            <Button
              variant="subtle"
              size="compact-xs"
              onClick={() => onChange({ due: isoDay() })}
              aria-label="Due by today"
            >
              Today
            </Button>
          )
        }
        rightSectionWidth={search.due ? undefined : 60}
      />
      <TextInput
        label="Tag"
        placeholder="Any tag"
        leftSection={<IconTag size={16} />}
        {...tag}
        w={{ base: '100%', sm: 140 }}
      />
      <Switch
        label="Archived"
        checked={search.archived ?? false}
        onChange={(e) => onChange({ archived: e.currentTarget.checked || undefined })}
        mb={{ sm: 8 }}
      />
      {active > 0 && (
        <Button
          variant="subtle"
          leftSection={<IconX size={14} />}
          onClick={() =>
            onChange({
              owner: undefined,
              team: undefined,
              segment: undefined,
              stage: undefined,
              band: undefined,
              risk: undefined,
              due: undefined,
              tag: undefined,
              archived: undefined,
            })
          }
        >
          Clear filters
        </Button>
      )}
    </>
  );

  const searchBox = (
    <TextInput
      label="Search accounts"
      placeholder="Name or domain"
      leftSection={<IconSearch size={16} />}
      type="search"
      {...q}
      w={{ base: '100%', sm: 240 }}
      style={narrow ? { flex: 1 } : undefined}
    />
  );

  if (narrow) {
    return (
      <Stack gap="xs">
        <Group align="flex-end" wrap="nowrap" gap="xs">
          {searchBox}
          <Button
            variant={active ? 'light' : 'default'}
            leftSection={<IconAdjustmentsHorizontal size={16} />}
            onClick={() => setMoreOpen((o) => !o)}
            aria-expanded={moreOpen}
          >
            Filters{active ? ` (${active})` : ''}
          </Button>
        </Group>
        <Collapse expanded={moreOpen}>
          <Stack gap="xs">{more}</Stack>
        </Collapse>
      </Stack>
    );
  }
  return (
    <Group align="flex-end" gap="sm" wrap="wrap">
      {searchBox}
      {more}
    </Group>
  );
}
