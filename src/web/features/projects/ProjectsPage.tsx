import { Button, Group, Loader, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch, IconX } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { isoDay } from '../../ui/format.ts';
import { AddButton, MorePages, QueryContent } from '../../ui/lists.tsx';
import { EmptyState } from '../../ui/states.tsx';
import { ownerRoles } from '../accounts/index.ts';
import { canWorkAccounts, useMe } from '../session/index.ts';
import { userDirectoryQuery } from '../users/index.ts';
import { kindOptions, type ProjectKind, type ProjectStatus, projectStatusOptions } from './labels.ts';
import { ProjectFormModal } from './ProjectFormModal.tsx';
import { ProjectsTable } from './ProjectsTable.tsx';
import { projectsListQuery } from './projects.api.ts';
import { type ProjectListSearch, type ProjectSort, toProjectFilters } from './search.ts';

const sortOptions: { value: ProjectSort; label: string }[] = [
  { value: '-updatedAt', label: 'Recently changed' },
  { value: 'name', label: 'Name' },
  { value: 'startDate', label: 'Start date' },
  { value: 'endDate', label: 'End date, soonest' },
  { value: '-budget', label: 'Budget, largest' },
];

function SearchBox({ value, onChange }: { value?: string; onChange: (v: string | undefined) => void }) {
  const [text, setText] = useState(value ?? '');
  const report = useDebouncedCallback((v: string) => onChange(v.trim() || undefined), 250);
  useEffect(() => {
    setText((t) => ((t.trim() || undefined) === value ? t : (value ?? '')));
  }, [value]);
  return (
    <TextInput
      label="Search projects"
      placeholder="Project or account name"
      leftSection={<IconSearch size={16} />}
      type="search"
      value={text}
      onChange={(e) => {
        setText(e.currentTarget.value);
        report(e.currentTarget.value);
      }}
      w={{ base: '100%', sm: 240 }}
    />
  );
}

export function ProjectsPage({
  search,
  onSearchChange,
}: {
  search: ProjectListSearch;
  onSearchChange: (patch: Partial<ProjectListSearch>) => void;
}) {
  const me = useMe();
  const filters = toProjectFilters(search);
  const list = useInfiniteQuery(projectsListQuery(filters));
  const users = useQuery(userDirectoryQuery);
  const [creating, setCreating] = useState(false);
  const names = new Map((users.data ?? []).map((u) => [u.id, u.name]));
  const ownerName = (id: string) => names.get(id) ?? (users.isPending ? '…' : 'Unknown user');
  const projects = list.data?.pages.flatMap((p) => p.data) ?? [];
  const active = [search.q, search.status, search.kind, search.owner, search.activeOn].filter(Boolean).length;

  const owners = [
    { value: me.id, label: `Me (${me.name})` },
    ...(users.data ?? [])
      .filter((u) => u.id !== me.id && (ownerRoles.has(u.role) || u.id === search.owner))
      .map((u) => ({ value: u.id, label: u.active ? u.name : `${u.name} (deactivated)` })),
  ];

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <Title order={1} size="h2">
          Projects
        </Title>
        {canWorkAccounts(me) && <AddButton onClick={() => setCreating(true)}>New project</AddButton>}
      </Group>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <SearchBox value={search.q} onChange={(q) => onSearchChange({ q })} />
        <Select
          label="Status"
          placeholder="Any status"
          data={projectStatusOptions}
          value={search.status ?? null}
          onChange={(v) => onSearchChange({ status: (v as ProjectStatus | null) ?? undefined })}
          clearable
          w={{ base: '100%', sm: 150 }}
        />
        <Select
          label="Kind"
          placeholder="Any kind"
          data={kindOptions}
          value={search.kind ?? null}
          onChange={(v) => onSearchChange({ kind: (v as ProjectKind | null) ?? undefined })}
          clearable
          w={{ base: '100%', sm: 140 }}
        />
        <Select
          label="Owner"
          placeholder="Anyone"
          data={owners}
          value={search.owner ?? null}
          onChange={(v) => onSearchChange({ owner: v ?? undefined })}
          searchable
          clearable
          nothingFoundMessage="Nobody matches."
          w={{ base: '100%', sm: 200 }}
        />
        <DateInput
          label="Active on"
          placeholder="Any day"
          value={search.activeOn ?? null}
          onChange={(v) => onSearchChange({ activeOn: v ?? undefined })}
          valueFormat="MMM D, YYYY"
          clearable
          popoverProps={{ withinPortal: true }}
          w={{ base: '100%', sm: 160 }}
          rightSection={
            search.activeOn ? undefined : (
              <Button
                variant="subtle"
                size="compact-xs"
                onClick={() => onSearchChange({ activeOn: isoDay() })}
                aria-label="Active today"
              >
                Today
              </Button>
            )
          }
          rightSectionWidth={search.activeOn ? undefined : 60}
        />
        <Select
          label="Sort by"
          data={sortOptions}
          value={search.sort ?? '-updatedAt'}
          onChange={(v) => onSearchChange({ sort: v && v !== '-updatedAt' ? (v as ProjectSort) : undefined })}
          allowDeselect={false}
          w={{ base: '100%', sm: 170 }}
        />
        {active > 0 && (
          <Button
            variant="subtle"
            leftSection={<IconX size={14} />}
            onClick={() =>
              onSearchChange({
                q: undefined,
                status: undefined,
                kind: undefined,
                owner: undefined,
                activeOn: undefined,
              })
            }
          >
            Clear filters
          </Button>
        )}
      </Group>
      <Group gap="xs" mih={20}>
        {list.isSuccess && projects.length > 0 && (
          <Text size="sm" c="dimmed" aria-live="polite">
            {list.hasNextPage
              ? `${projects.length.toLocaleString()}+ projects`
              : `${projects.length.toLocaleString()} project${projects.length === 1 ? '' : 's'}`}
          </Text>
        )}
        {list.isFetching && !list.isPending && <Loader size="xs" aria-label="Loading" />}
      </Group>
      <QueryContent
        query={list}
        what="projects"
        empty={
          projects.length === 0 && (
            <EmptyState title={active ? 'No projects match' : 'No projects yet'}>
              {active
                ? 'Try another search or clear some filters.'
                : canWorkAccounts(me)
                  ? 'Start one with New project, or from an account’s Projects tab.'
                  : 'Projects on accounts you work on will be listed here.'}
            </EmptyState>
          )
        }
      >
        <ProjectsTable projects={projects} ownerName={ownerName} />
        <MorePages list={list} errorTitle="Could not load more projects" />
      </QueryContent>
      {canWorkAccounts(me) && (
        <ProjectFormModal
          opened={creating}
          accountId={null}
          project={null}
          onClose={() => setCreating(false)}
        />
      )}
    </Stack>
  );
}
