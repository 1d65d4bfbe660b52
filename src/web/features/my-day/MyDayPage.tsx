import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import {
  IconAlertOctagon,
  IconAlertTriangle,
  IconBriefcase,
  IconCalendarEvent,
  IconCalendarRepeat,
  IconChecklist,
  IconChevronLeft,
  IconChevronRight,
  IconFlag,
  IconHourglassHigh,
  IconMessageCircle,
  IconUrgent,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useRouter } from '@tanstack/react-router';
import { Suspense, useState } from 'react';
import type { AgendaItem } from '../../api.ts';
import { addDays, daysBetween, formatDay, formatMoney, isoDay, relativeDay } from '../../ui/format.ts';
import { QueryContent } from '../../ui/lists.tsx';
import { notifyFailure } from '../../ui/notify.ts';
import { AccountLink, type AccountTab, checkInHint } from '../accounts/index.ts';
import { meetingsBetweenQuery } from '../meetings/index.ts';
import { OpportunityDrawerById } from '../opportunities/index.ts';
import { canWorkAccounts, useMe } from '../session/index.ts';
import { useUpdateTask } from '../tasks/index.ts';
import { ProjectLink } from '../workload/index.ts';
import { agendaKeys, agendaQuery } from './agenda.api.ts';
import { MyWork } from './MyWork.tsx';
import { placeOf } from './work.api.ts';

type Kind = AgendaItem['kind'];
type Agenda = { date: string; data: AgendaItem[] };

/** The groups of My day, in the order a user works through them. */
const groups: {
  kind: Kind;
  label: (isToday: boolean) => string;
  icon: typeof IconChecklist;
  tab?: AccountTab;
}[] = [
  { kind: 'check_in_overdue', label: () => 'Overdue check-ins', icon: IconMessageCircle },
  {
    kind: 'meeting',
    label: (t) => (t ? 'Meetings today' : 'Meetings'),
    icon: IconCalendarEvent,
    tab: 'meetings',
  },
  { kind: 'task', label: () => 'Tasks', icon: IconChecklist, tab: 'tasks' },
  { kind: 'deliverable_due', label: () => 'Deliverables due', icon: IconBriefcase },
  {
    kind: 'client_request_overdue',
    label: () => 'Client requests overdue',
    icon: IconHourglassHigh,
  },
  { kind: 'project_off_track', label: () => 'Projects off track', icon: IconAlertOctagon },
  { kind: 'renewal', label: () => 'Renewals', icon: IconCalendarRepeat, tab: 'contracts' },
  { kind: 'at_risk', label: () => 'At-risk accounts', icon: IconAlertTriangle, tab: 'health' },
  { kind: 'issue_sla', label: () => 'Issues at or past their SLA', icon: IconUrgent, tab: 'issues' },
  { kind: 'next_step_due', label: () => 'Next steps', icon: IconFlag, tab: 'opportunities' },
];

/**
 * The agenda lists every open issue due by tomorrow, including those already past their SLA
 * (dueDate is the SLA's day): say which, so a breach weeks ago does not read as "due".
 */
function slaHint(dueDate: string, date: string): string {
  const days = daysBetween(date, dueDate);
  if (days < 0) return `SLA breached ${formatDay(dueDate)} (${-days} ${-days === 1 ? 'day' : 'days'} ago)`;
  if (days === 0) return 'SLA due today';
  return `SLA due ${days === 1 ? 'tomorrow' : formatDay(dueDate)}`;
}

/** Overdue check-ins, breached SLAs, next steps and deliverables past their day read in red. */
const isLate = (item: AgendaItem, date: string) =>
  item.kind === 'client_request_overdue' ||
  item.kind === 'project_off_track' ||
  ((item.kind === 'check_in_overdue' ||
    item.kind === 'issue_sla' ||
    item.kind === 'next_step_due' ||
    item.kind === 'deliverable_due') &&
    item.dueDate < date);

/** The delivery kinds open the project they belong to (a request without one, its account). */
const deliveryKinds: readonly Kind[] = ['deliverable_due', 'client_request_overdue', 'project_off_track'];

/**
 * A deliverable's or a client request's title, opening its project: the agenda names the record, so
 * the project is looked up when the link is followed.
 */
function DeliveryLink({ item }: { item: AgendaItem }) {
  const router = useRouter();
  const [finding, setFinding] = useState(false);
  if (item.ref.type === 'project')
    return (
      <ProjectLink projectId={item.ref.id} fw={600} size="sm">
        {item.title}
      </ProjectLink>
    );
  const tab = item.kind === 'client_request_overdue' ? 'requests' : undefined;
  const go = () => {
    setFinding(true);
    placeOf(item.ref)
      .then(({ projectId, accountId }) => {
        if (projectId) router.history.push(`/projects/${projectId}${tab ? `?tab=${tab}` : ''}`);
        else if (accountId) router.history.push(`/accounts/${accountId}`);
      })
      .catch(notifyFailure('Could not open it'))
      .finally(() => setFinding(false));
  };
  return (
    <Anchor component="button" type="button" fw={600} size="sm" ta="left" onClick={go} disabled={finding}>
      {item.title}
    </Anchor>
  );
}

function greeting(hour: number): string {
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

export function MyDayPage({
  date: chosen,
  onDateChange,
}: {
  date?: string;
  onDateChange: (date?: string) => void;
}) {
  const me = useMe();
  const canWork = canWorkAccounts(me);
  /** The deal whose next step was clicked, open in its drawer. */
  const [openDeal, setOpenDeal] = useState<string | null>(null);
  /** Whether a deal was opened: the drawer's code loads then, not with the page, and stays. */
  const [dealDrawer, setDealDrawer] = useState(false);
  const today = isoDay();
  const date = chosen ?? today;
  const isToday = date === today;
  const agenda = useQuery(agendaQuery(date));
  // The agenda's meeting day is a UTC day; their times come from the meetings themselves.
  const meetings = useQuery({
    ...meetingsBetweenQuery(`${date}T00:00:00.000Z`, `${date}T23:59:59.999Z`),
    enabled: agenda.data?.data.some((i) => i.kind === 'meeting') ?? false,
  });
  const meetingTime = (id: string) => {
    const m = meetings.data?.find((x) => x.id === id);
    return m ? timeFormat.format(new Date(m.scheduledAt)) : null;
  };
  const queryClient = useQueryClient();
  const updateTask = useUpdateTask();
  const firstName = me.name.split(/\s+/)[0] ?? me.name;
  const go = (d: string) => onDateChange(d === today ? undefined : d);

  /** Ticking a task removes it at once; it comes back if the server refuses. */
  const completeTask = (item: AgendaItem) => {
    const key = agendaKeys.day(date);
    const before = queryClient.getQueryData<Agenda>(key);
    queryClient.setQueryData<Agenda>(
      key,
      (a) => a && { ...a, data: a.data.filter((i) => i.ref.id !== item.ref.id) },
    );
    updateTask.mutate(
      { task: { id: item.ref.id, accountId: item.accountId }, body: { status: 'done' } },
      {
        onSuccess: () => notifications.show({ message: `Done: ${item.title}` }),
        onError: (err) => {
          if (before) queryClient.setQueryData(key, before);
          notifyFailure('Could not complete the task')(err);
        },
      },
    );
  };

  const subtitle = (item: AgendaItem): string => {
    const parts: string[] = [];
    if (item.kind !== 'check_in_overdue' && item.accountName) parts.push(item.accountName);
    if (item.kind === 'check_in_overdue')
      parts.push(`Due ${formatDay(item.dueDate)} (${checkInHint(item.dueDate, date)})`);
    if (item.kind === 'meeting') {
      const time = meetingTime(item.ref.id);
      if (time) parts.push(time);
    }
    if (item.kind === 'task') {
      const late = daysBetween(date, item.dueDate) < 0;
      parts.push(late ? `Overdue since ${formatDay(item.dueDate)}` : `Due ${formatDay(item.dueDate)}`);
    }
    if (item.kind === 'renewal')
      parts.push(`Renews ${formatDay(item.dueDate)} (${relativeDay(item.dueDate, date)})`);
    if (item.kind === 'issue_sla') parts.push(slaHint(item.dueDate, date));
    if (item.kind === 'at_risk') parts.push(...(item.churnRiskReasons ?? []));
    if (item.kind === 'next_step_due') {
      const late = daysBetween(date, item.dueDate) < 0;
      parts.push(
        late
          ? `Next step overdue since ${formatDay(item.dueDate)}`
          : `Next step due ${formatDay(item.dueDate)}`,
      );
    }
    if (item.kind === 'deliverable_due') {
      const days = daysBetween(date, item.dueDate);
      parts.push(
        days < 0
          ? `Overdue since ${formatDay(item.dueDate)}`
          : days === 0
            ? 'Due today'
            : `Due ${days === 1 ? 'tomorrow' : formatDay(item.dueDate)}`,
      );
    }
    if (item.kind === 'client_request_overdue') {
      const days = -daysBetween(date, item.dueDate);
      parts.push(`Was due ${formatDay(item.dueDate)} (${days} ${days === 1 ? 'day' : 'days'} overdue)`);
    }
    if (item.arr > 0) parts.push(`ARR ${formatMoney(item.arr)}`);
    return parts.join(' · ');
  };

  const items = agenda.data?.data ?? [];

  return (
    <Stack gap="md" maw={880}>
      <Group justify="space-between" align="flex-end" gap="sm">
        <div>
          <Title order={1} size="h2">
            My day
          </Title>
          <Text c="dimmed">
            {isToday
              ? `${greeting(new Date().getHours())}, ${firstName}.`
              : `Your agenda for ${formatDay(date)}.`}
          </Text>
        </div>
        <Group gap={6} wrap="nowrap" align="flex-end">
          <Tooltip label="Previous day">
            <ActionIcon
              variant="default"
              size="lg"
              aria-label="Previous day"
              onClick={() => go(addDays(date, -1))}
            >
              <IconChevronLeft size={18} />
            </ActionIcon>
          </Tooltip>
          <DatePickerInput
            aria-label="Choose a day"
            value={date}
            onChange={(d) => d && go(d)}
            valueFormat="ddd, MMM D, YYYY"
            w={180}
            popoverProps={{ withinPortal: true }}
          />
          <Tooltip label="Next day">
            <ActionIcon
              variant="default"
              size="lg"
              aria-label="Next day"
              onClick={() => go(addDays(date, 1))}
            >
              <IconChevronRight size={18} />
            </ActionIcon>
          </Tooltip>
          {!isToday && (
            <Button variant="light" onClick={() => go(today)}>
              Today
            </Button>
          )}
        </Group>
      </Group>

      {me.role === 'member' && isToday && <MyWork userId={me.id} today={today} />}

      <QueryContent
        query={agenda}
        what="your agenda"
        empty={
          items.length === 0 && (
            <Paper withBorder p="xl" ta="center">
              <Stack align="center" gap={4}>
                <Text size="xl" aria-hidden>
                  ☀️
                </Text>
                <Text fw={600}>Nothing due {isToday ? 'today' : `on ${formatDay(date)}`}.</Text>
                <Text size="sm" c="dimmed">
                  No overdue check-ins, meetings, tasks, deliverables, overdue client requests, renewals,
                  at-risk accounts, projects off track, issues near their SLA or next steps due. Look ahead
                  with the date picker, or browse your accounts.
                </Text>
              </Stack>
            </Paper>
          )
        }
      >
        {groups.map((g) => {
          const inGroup = items.filter((i) => i.kind === g.kind);
          if (inGroup.length === 0) return null;
          const label = g.label(isToday);
          return (
            <section key={g.kind} aria-label={label}>
              <Group gap="xs" mb="xs">
                <g.icon size={18} stroke={1.6} aria-hidden />
                <Title order={2} size="h5">
                  {label}
                </Title>
                <Badge variant="light" size="sm" circle={inGroup.length < 10}>
                  {inGroup.length}
                </Badge>
                {g.kind === 'at_risk' && (
                  // The same accounts in the Accounts list: the user's own at high churn risk.
                  <Anchor
                    size="sm"
                    ml="auto"
                    renderRoot={(props) => (
                      <Link to="/accounts" search={{ owner: me.id, risk: 'high' }} {...props} />
                    )}
                  >
                    See in Accounts
                  </Anchor>
                )}
              </Group>
              <Paper withBorder>
                <Stack gap={0} role="list">
                  {inGroup.map((item, i) => (
                    <Group
                      key={`${item.kind}:${item.ref.id}`}
                      role="listitem"
                      wrap="nowrap"
                      gap="sm"
                      px="md"
                      py="sm"
                      style={
                        i > 0 ? { borderTop: '1px solid var(--mantine-color-default-border)' } : undefined
                      }
                    >
                      {item.kind === 'task' && (
                        <Checkbox
                          aria-label={`Mark ${item.title} done`}
                          checked={false}
                          onChange={() => completeTask(item)}
                        />
                      )}
                      <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
                        {deliveryKinds.includes(item.kind) ? (
                          <DeliveryLink item={item} />
                        ) : item.kind === 'issue_sla' ? (
                          <Anchor
                            fw={600}
                            size="sm"
                            renderRoot={(props) => (
                              <Link to="/issues/$issueId" params={{ issueId: item.ref.id }} {...props} />
                            )}
                          >
                            {item.title}
                          </Anchor>
                        ) : item.kind === 'next_step_due' && canWork ? (
                          <Anchor
                            component="button"
                            type="button"
                            fw={600}
                            size="sm"
                            ta="left"
                            onClick={() => {
                              setDealDrawer(true);
                              setOpenDeal(item.ref.id);
                            }}
                          >
                            {item.title}
                          </Anchor>
                        ) : item.accountId ? (
                          <AccountLink accountId={item.accountId} tab={g.tab} fw={600} size="sm">
                            {item.title}
                          </AccountLink>
                        ) : (
                          <Text fw={600} size="sm">
                            {item.title}
                          </Text>
                        )}
                        <Text size="xs" c={isLate(item, date) ? 'red' : 'dimmed'}>
                          {subtitle(item)}
                        </Text>
                      </Stack>
                    </Group>
                  ))}
                </Stack>
              </Paper>
            </section>
          );
        })}
      </QueryContent>
      {canWork && dealDrawer && (
        <Suspense fallback={null}>
          <OpportunityDrawerById id={openDeal} onClose={() => setOpenDeal(null)} />
        </Suspense>
      )}
    </Stack>
  );
}
