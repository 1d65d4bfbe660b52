import { Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconBriefcase, IconChecklist } from '@tabler/icons-react';
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { daysBetween, formatDay } from '../../ui/format.ts';
import { QueryContent } from '../../ui/lists.tsx';
import { AccountLink } from '../accounts/index.ts';
import { deliverableStatusColors, deliverableStatusLabels } from '../projects/index.ts';
import { priorityColors, priorityLabels } from '../tasks/index.ts';
import { ProjectLink } from '../workload/index.ts';
import { myDeliverablesQuery, myTasksQuery } from './work.api.ts';

/** When something is due, in words, and whether that is already past. */
function dueHint(dueDate: string | null, today: string): { text: string; late: boolean } {
  if (!dueDate) return { text: 'No due date', late: false };
  const days = daysBetween(today, dueDate);
  if (days < 0) return { text: `Overdue since ${formatDay(dueDate)}`, late: true };
  if (days === 0) return { text: 'Due today', late: false };
  return { text: `Due ${days === 1 ? 'tomorrow' : formatDay(dueDate)}`, late: false };
}

/** The soonest few are shown first; the rest on request, so the agenda below stays in reach. */
const FIRST = 8;

function Rows({ label, children }: { label: string; children: ReactNode[] }) {
  const [all, setAll] = useState(false);
  const shown = all ? children : children.slice(0, FIRST);
  return (
    <Stack gap={4} align="flex-start">
      <Paper withBorder w="100%">
        <Stack gap={0} role="list" aria-label={label}>
          {shown}
        </Stack>
      </Paper>
      {children.length > FIRST && (
        <Button variant="subtle" size="xs" onClick={() => setAll(!all)}>
          {all ? 'Show the first few' : `Show all ${children.length}`}
        </Button>
      )}
    </Stack>
  );
}

function Row({ first, children }: { first: boolean; children: ReactNode }) {
  return (
    <Group
      role="listitem"
      wrap="nowrap"
      gap="sm"
      px="md"
      py="sm"
      justify="space-between"
      style={first ? undefined : { borderTop: '1px solid var(--mantine-color-default-border)' }}
    >
      {children}
    </Group>
  );
}

/** One list of the member's work: a heading with its count, and its rows (or why there are none). */
function WorkColumn<T>({
  icon: Icon,
  title,
  query,
  what,
  none,
  children,
}: {
  icon: typeof IconBriefcase;
  title: string;
  query: UseQueryResult<T[]>;
  what: string;
  none: string;
  children: ReactNode[];
}) {
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Icon size={18} stroke={1.6} aria-hidden />
        <Title order={3} size="h5">
          {title}
        </Title>
        {query.data && (
          <Badge variant="light" size="sm">
            {query.data.length}
          </Badge>
        )}
      </Group>
      <QueryContent
        query={query}
        what={what}
        empty={
          query.data?.length === 0 && (
            <Text size="sm" c="dimmed">
              {none}
            </Text>
          )
        }
      >
        <Rows label={title}>{children}</Rows>
      </QueryContent>
    </Stack>
  );
}

/**
 * What a member works on, first thing on their home page: the deliverables assigned to them that are
 * still to do and their open tasks, soonest due first.
 */
export function MyWork({ userId, today }: { userId: string; today: string }) {
  const deliverables = useQuery(myDeliverablesQuery(userId));
  const tasks = useQuery(myTasksQuery(userId));
  return (
    <section aria-label="My work">
      <Title order={2} size="h4" mb="xs">
        My work
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <WorkColumn
          icon={IconBriefcase}
          title="My deliverables"
          query={deliverables}
          what="your deliverables"
          none="No deliverables assigned to you are open."
        >
          {(deliverables.data ?? []).map((d, i) => {
            const due = dueHint(d.dueDate, today);
            return (
              <Row key={d.id} first={i === 0}>
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <ProjectLink projectId={d.projectId} fw={600} size="sm">
                    {d.name}
                  </ProjectLink>
                  <Text size="xs" c={due.late ? 'red' : 'dimmed'}>
                    {[d.projectName, d.accountName, due.text].join(' · ')}
                  </Text>
                </Stack>
                <Badge variant="light" color={deliverableStatusColors[d.status]} style={{ flexShrink: 0 }}>
                  {deliverableStatusLabels[d.status]}
                </Badge>
              </Row>
            );
          })}
        </WorkColumn>
        <WorkColumn
          icon={IconChecklist}
          title="My tasks"
          query={tasks}
          what="your tasks"
          none="No open tasks are assigned to you."
        >
          {(tasks.data ?? []).map((t, i) => {
            const due = dueHint(t.dueDate, today);
            return (
              <Row key={t.id} first={i === 0}>
                <Stack gap={0} style={{ minWidth: 0 }}>
                  {t.accountId ? (
                    <AccountLink accountId={t.accountId} tab="tasks" fw={600} size="sm">
                      {t.title}
                    </AccountLink>
                  ) : (
                    <Text fw={600} size="sm">
                      {t.title}
                    </Text>
                  )}
                  <Text size="xs" c={due.late ? 'red' : 'dimmed'}>
                    {due.text}
                  </Text>
                </Stack>
                <Badge variant="light" color={priorityColors[t.priority]} style={{ flexShrink: 0 }}>
                  {priorityLabels[t.priority]}
                </Badge>
              </Row>
            );
          })}
        </WorkColumn>
      </SimpleGrid>
    </section>
  );
}
