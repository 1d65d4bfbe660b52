import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Drawer,
  Group,
  Loader,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { maxDate } from '../../../core/rules/dates.ts';
import { errorMessage } from '../../api.ts';
import { addDays, formatDay, isoDay } from '../../ui/format.ts';
import { EmptyState, ErrorState, PageLoader } from '../../ui/states.tsx';
import { useMe } from '../session/index.ts';
import { teamsQuery } from '../users/index.ts';
import { cellColors, points, workloadStatusLabels } from './labels.ts';
import { mondayOf, type WorkloadSearch, weekRange } from './weeks.ts';
import {
  useReassign,
  type Workload,
  type WorkloadCell,
  type WorkloadItem,
  type WorkloadPerson,
  workloadQuery,
} from './workload.api.ts';

const short = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const weekLabel = (monday: string) => {
  const [y, m, d] = monday.split('-').map(Number);
  return short.format(new Date(y!, m! - 1, d!));
};
const num = { fontVariantNumeric: 'tabular-nums' } as const;
/** Members change only their own work's status, and viewers nothing: giving work away is for the others. */
const canReassign = (role: string) => role !== 'member' && role !== 'viewer';

/** The team's load against capacity, people × weeks, with a way to move work to someone with room. */
export function WorkloadPage({
  search,
  onSearchChange,
}: {
  search: WorkloadSearch;
  onSearchChange: (patch: Partial<WorkloadSearch>) => void;
}) {
  const me = useMe();
  const today = isoDay();
  const { from, to } = weekRange(search, today);
  const lead = me.role === 'admin' || me.role === 'manager';
  const teams = useQuery({ ...teamsQuery, enabled: lead });
  const teamOptions = (teams.data ?? [])
    .filter((t) => me.role === 'admin' || t.managerIds.includes(me.id))
    .map((t) => ({ value: t.id, label: t.name }));
  const teamId = lead ? search.team : undefined;
  const workload = useQuery(workloadQuery({ from, to: addDays(to, 6), ...(teamId ? { teamId } : {}) }));
  const [open, setOpen] = useState<{ userId: string; week: string } | null>(null);
  const shift = (weeks: number) =>
    onSearchChange({ from: addDays(from, 7 * weeks), to: addDays(to, 7 * weeks) });

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" gap="sm">
        <div>
          <Title order={1} size="h2">
            Workload
          </Title>
          <Text c="dimmed">
            Effort points of open tasks and deliverables due each week, against each person’s weekly capacity.
          </Text>
        </div>
        {workload.isFetching && !workload.isPending && <Loader size="xs" aria-label="Refreshing" />}
      </Group>
      <Group gap="sm" align="flex-end" wrap="wrap">
        {lead && (
          <Select
            label="Team"
            placeholder={me.role === 'admin' ? 'Everyone' : 'All your people'}
            data={teamOptions}
            value={teamId ?? null}
            onChange={(v) => onSearchChange({ team: v ?? undefined })}
            clearable
            searchable
            w={220}
            comboboxProps={{ withinPortal: true }}
          />
        )}
        <Tooltip label="A week earlier">
          <ActionIcon variant="default" size="lg" aria-label="A week earlier" onClick={() => shift(-1)}>
            <IconChevronLeft size={18} />
          </ActionIcon>
        </Tooltip>
        <DatePickerInput
          label="From the week of"
          value={from}
          onChange={(d) => d && onSearchChange({ from: mondayOf(d), to: maxDate(to, mondayOf(d)) })}
          valueFormat="MMM D, YYYY"
          firstDayOfWeek={1}
          w={160}
          popoverProps={{ withinPortal: true }}
        />
        <DatePickerInput
          label="To the week of"
          value={to}
          minDate={from}
          onChange={(d) => d && onSearchChange({ to: mondayOf(d) })}
          valueFormat="MMM D, YYYY"
          firstDayOfWeek={1}
          w={160}
          popoverProps={{ withinPortal: true }}
        />
        <Tooltip label="A week later">
          <ActionIcon variant="default" size="lg" aria-label="A week later" onClick={() => shift(1)}>
            <IconChevronRight size={18} />
          </ActionIcon>
        </Tooltip>
        {(search.from || search.to) && (
          <Button variant="light" onClick={() => onSearchChange({ from: undefined, to: undefined })}>
            Next 8 weeks
          </Button>
        )}
      </Group>
      <Legend />

      {workload.isPending ? (
        <PageLoader label="Loading the workload…" />
      ) : workload.isError ? (
        <ErrorState
          error={workload.error}
          title="Could not load the workload"
          onRetry={() => void workload.refetch()}
        />
      ) : workload.data.people.length === 0 ? (
        <EmptyState title="Nobody to show">
          {lead ? 'This team has no active members.' : 'Nobody’s work is in your view.'}
        </EmptyState>
      ) : (
        <HeatMap data={workload.data} thisWeek={mondayOf(today)} onOpen={setOpen} />
      )}
      {workload.data && <CellDrawer data={workload.data} open={open} onClose={() => setOpen(null)} />}
    </Stack>
  );
}

function Legend() {
  return (
    <Group gap="md" aria-label="Legend">
      {(['under', 'full', 'over'] as const).map((s) => (
        <Group key={s} gap={6}>
          <span
            aria-hidden
            style={{
              display: 'inline-block',
              width: 14,
              height: 14,
              borderRadius: 3,
              background: cellColors(s, 1).bg,
              border: '1px solid var(--mantine-color-default-border)',
            }}
          />
          <Text size="xs" c="dimmed">
            {workloadStatusLabels[s]}
            {s === 'full' ? ' (80% of capacity or more)' : ''}
          </Text>
        </Group>
      ))}
    </Group>
  );
}

function HeatMap({
  data,
  thisWeek,
  onOpen,
}: {
  data: Workload;
  thisWeek: string;
  onOpen: (cell: { userId: string; week: string }) => void;
}) {
  return (
    <Paper withBorder p="xs">
      <Table.ScrollContainer minWidth={180 + data.weeks.length * 92}>
        <Table verticalSpacing={4} horizontalSpacing={4} aria-label="Workload by person and week">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Person</Table.Th>
              {data.weeks.map((w) => (
                <Table.Th key={w} ta="center" title={`Week of ${formatDay(w)}`}>
                  {weekLabel(w)}
                  {w === thisWeek && (
                    <Text span size="xs" c="dimmed" display="block">
                      this week
                    </Text>
                  )}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.people.map((p) => (
              <Table.Tr key={p.userId}>
                <Table.Th scope="row" fw={500}>
                  <Text size="sm" fw={500}>
                    {p.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {points(p.capacity)} a week
                  </Text>
                </Table.Th>
                {p.cells.map((c) => (
                  <Table.Td key={c.week} p={2}>
                    <HeatCell person={p} cell={c} onOpen={() => onOpen({ userId: p.userId, week: c.week })} />
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

function HeatCell({
  person,
  cell,
  onOpen,
}: {
  person: WorkloadPerson;
  cell: WorkloadCell;
  onOpen: () => void;
}) {
  const { bg, fg } = cellColors(cell.status, cell.load);
  const label = `${person.name}, week of ${formatDay(cell.week)}: ${cell.load} of ${points(cell.capacity)}, ${workloadStatusLabels[cell.status].toLowerCase()}`;
  return (
    <UnstyledButton
      onClick={onOpen}
      aria-label={label}
      title={label}
      data-status={cell.status}
      data-week={cell.week}
      data-person={person.name}
      w="100%"
      py={8}
      style={{
        display: 'block',
        textAlign: 'center',
        borderRadius: 4,
        background: bg,
        color: fg,
        border: '1px solid var(--mantine-color-default-border)',
        fontWeight: cell.status === 'under' ? 400 : 600,
        ...num,
      }}
    >
      <Text span size="sm" inherit>
        {cell.load} / {cell.capacity}
      </Text>
    </UnstyledButton>
  );
}

/** What a cell holds, each item with a way to give it to someone with room that week. */
function CellDrawer({
  data,
  open,
  onClose,
}: {
  data: Workload;
  open: { userId: string; week: string } | null;
  onClose: () => void;
}) {
  const person = open ? data.people.find((p) => p.userId === open.userId) : undefined;
  const cell = person?.cells.find((c) => c.week === open?.week);
  return (
    <Drawer
      opened={open !== null}
      onClose={onClose}
      position="right"
      size="md"
      closeButtonProps={{ 'aria-label': 'Close' }}
      title={
        person && cell ? (
          <div>
            <Text fw={600}>{person.name}</Text>
            <Text size="sm" c="dimmed">
              Week of {formatDay(cell.week)}
            </Text>
          </div>
        ) : (
          'Week'
        )
      }
    >
      {person && cell && <CellItems data={data} person={person} cell={cell} />}
    </Drawer>
  );
}

function CellItems({ data, person, cell }: { data: Workload; person: WorkloadPerson; cell: WorkloadCell }) {
  const items = [...(cell.items ?? [])].sort((a, b) => (a.dueDate ?? '').localeCompare(b.dueDate ?? ''));
  return (
    <Stack gap="sm">
      <Group gap="xs">
        <Text fw={700} size="lg" style={num}>
          {cell.load} / {cell.capacity} points
        </Text>
        <Badge
          variant="light"
          color={cell.status === 'over' ? 'red' : cell.status === 'full' ? 'yellow' : 'green'}
        >
          {workloadStatusLabels[cell.status]}
        </Badge>
      </Group>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing due this week.
        </Text>
      ) : (
        <Stack gap={0} role="list" aria-label="Items this week">
          {items.map((item, i) => (
            <ItemRow
              key={item.id ?? `hidden-${i}`}
              item={item}
              data={data}
              person={person}
              week={cell.week}
              first={i === 0}
            />
          ))}
        </Stack>
      )}
      {cell.week === data.weeks[0] && (
        <Text size="xs" c="dimmed">
          The first week also counts open work due before it: it is still to do.
        </Text>
      )}
    </Stack>
  );
}

function ItemRow({
  item,
  data,
  person,
  week,
  first,
}: {
  item: WorkloadItem;
  data: Workload;
  person: WorkloadPerson;
  week: string;
  first: boolean;
}) {
  const me = useMe();
  const [choosing, setChoosing] = useState(false);
  const [to, setTo] = useState<string | null>(null);
  const reassign = useReassign();
  const kind = item.type === 'task' ? 'Task' : 'Deliverable';
  /** People whose week still has room for this item, with their free points. */
  const withRoom = data.people.flatMap((p) => {
    if (p.userId === person.userId) return [];
    const c = p.cells.find((x) => x.week === week);
    if (!c || c.load + item.effortPoints > c.capacity) return [];
    return [{ value: p.userId, label: `${p.name} — ${points(c.capacity - c.load)} free` }];
  });

  const submit = () => {
    if (!to || !item.id) return;
    const name = data.people.find((p) => p.userId === to)?.name ?? 'them';
    reassign.mutate(
      { item: { type: item.type, id: item.id }, assigneeId: to },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: `${item.title ?? kind} is now ${name}’s.` });
          setChoosing(false);
          setTo(null);
        },
      },
    );
  };

  return (
    <Stack
      gap={6}
      role="listitem"
      py="sm"
      style={first ? undefined : { borderTop: '1px solid var(--mantine-color-default-border)' }}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div style={{ minWidth: 0 }}>
          {item.id ? (
            <Text size="sm" fw={600}>
              {item.title}
            </Text>
          ) : (
            <Text size="sm" fs="italic" c="dimmed">
              An item on an account you cannot see
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {[kind, item.accountName, item.dueDate ? `Due ${formatDay(item.dueDate)}` : null]
              .filter(Boolean)
              .join(' · ')}
          </Text>
        </div>
        <Badge variant="outline" color="gray" style={{ flexShrink: 0, ...num }}>
          {points(item.effortPoints)}
        </Badge>
      </Group>
      {item.id && canReassign(me.role) && !choosing && (
        <Group>
          <Anchor
            component="button"
            type="button"
            size="sm"
            onClick={() => {
              reassign.reset();
              setChoosing(true);
            }}
          >
            Reassign
          </Anchor>
        </Group>
      )}
      {choosing && (
        <Stack gap="xs">
          <Select
            label={`Give ${item.title ?? 'it'} to`}
            placeholder={withRoom.length ? 'Someone with room that week' : 'Nobody has room that week'}
            data={withRoom}
            value={to}
            onChange={setTo}
            disabled={withRoom.length === 0}
            searchable
            comboboxProps={{ withinPortal: true }}
            error={reassign.error ? errorMessage(reassign.error) : undefined}
          />
          <Group gap="xs" justify="flex-end">
            <Button variant="default" size="xs" onClick={() => setChoosing(false)}>
              Cancel
            </Button>
            <Button size="xs" onClick={submit} disabled={!to} loading={reassign.isPending}>
              Reassign
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
