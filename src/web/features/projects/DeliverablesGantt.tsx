import { Box, Group, Stack, Text, Tooltip } from '@mantine/core';
import { daysBetween, formatDay, isoDay } from '../../ui/format.ts';
import { deliverableStatusColors, deliverableStatusLabels } from './labels.ts';
import type { Deliverable, Project } from './projects.api.ts';

const later = (a: string, b: string) => (a > b ? a : b);
const earlier = (a: string, b: string) => (a < b ? a : b);

/**
 * The deliverables by due date: one row each, a bar from when the work began (its creation, or the
 * project's start if later) to its due date, and a line for today. Plain CSS, scaled to the span of
 * the project and its deliverables.
 */
export function DeliverablesGantt({
  project,
  deliverables,
}: {
  project: Project;
  deliverables: Deliverable[];
}) {
  const today = isoDay();
  const rows = [...deliverables]
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.name.localeCompare(b.name))
    .map((d) => {
      const begun = later(d.createdAt.slice(0, 10), project.startDate);
      return { d, from: earlier(begun, d.dueDate), to: d.dueDate };
    });
  const first = rows.reduce((m, r) => earlier(m, r.from), project.startDate);
  const last = rows.reduce((m, r) => later(m, r.to), project.endDate);
  const span = daysBetween(first, last) + 1;
  const at = (day: string) => (daysBetween(first, day) / span) * 100;
  const todayIn = today >= first && today <= last;

  return (
    <Stack gap={4} aria-label="Deliverables by due date" role="figure">
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {formatDay(first)}
        </Text>
        <Text size="xs" c="dimmed">
          {formatDay(last)}
        </Text>
      </Group>
      <Box pos="relative">
        {todayIn && (
          <Tooltip label={`Today, ${formatDay(today)}`} withArrow>
            <Box
              pos="absolute"
              top={0}
              bottom={0}
              w={2}
              bg="red.6"
              style={{ left: `calc(${at(today)}% + ${((1 / span) * 100) / 2}%)`, zIndex: 1 }}
              data-testid="gantt-today"
            />
          </Tooltip>
        )}
        <Stack gap={6}>
          {rows.map(({ d, from, to }) => {
            const left = at(from);
            const width = Math.max(((daysBetween(from, to) + 1) / span) * 100, 0.8);
            const color = d.overdue ? 'red' : deliverableStatusColors[d.status];
            return (
              <Box
                key={d.id}
                pos="relative"
                h={24}
                bg="var(--mantine-color-default-hover)"
                style={{ borderRadius: 4 }}
              >
                <Tooltip
                  label={`${d.name} · ${deliverableStatusLabels[d.status]} · due ${formatDay(d.dueDate)}${d.overdue ? ' (overdue)' : ''}`}
                  withArrow
                >
                  <Box
                    pos="absolute"
                    top={2}
                    bottom={2}
                    bg={`${color}.5`}
                    style={{
                      left: `${left}%`,
                      width: `${width}%`,
                      borderRadius: 4,
                      opacity: d.status === 'cancelled' ? 0.4 : 1,
                    }}
                  />
                </Tooltip>
                <Text
                  size="xs"
                  pos="absolute"
                  top={3}
                  fw={500}
                  style={{
                    left: `${Math.min(left, 70)}%`,
                    paddingLeft: 6,
                    whiteSpace: 'nowrap',
                    textShadow: '0 0 3px var(--mantine-color-body)',
                    zIndex: 2,
                    pointerEvents: 'none',
                  }}
                >
                  {d.name}
                </Text>
              </Box>
            );
          })}
        </Stack>
      </Box>
    </Stack>
  );
}
