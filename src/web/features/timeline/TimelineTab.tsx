import { Anchor, Chip, Group, Stack, Text, ThemeIcon, Timeline } from '@mantine/core';
import { useIntersection } from '@mantine/hooks';
import { IconBuilding, IconCalendarEvent, IconRobot } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { TimelineItem } from '../../api.ts';
import { formatDateTime } from '../../ui/format.ts';
import { MorePages, QueryContent } from '../../ui/lists.tsx';
import { EmptyState } from '../../ui/states.tsx';
import type { AccountTab } from '../accounts/index.ts';
import { activityTypeIcon, activityTypeLabel } from '../activities/index.ts';
import type { AccountTabProps } from '../feature.ts';
import { meetingStatusLabels } from '../meetings/index.ts';
import { userDirectoryQuery } from '../users/index.ts';
import { timelineQuery } from './timeline.api.ts';

const kindFilters = [
  { value: 'activity', label: 'Activities' },
  { value: 'meeting', label: 'Meetings' },
  { value: 'account', label: 'Account changes' },
  { value: 'playbook', label: 'Playbooks' },
];

function describe(item: TimelineItem): { what: string; icon: typeof IconBuilding; tab?: AccountTab } {
  if (item.kind === 'activity')
    return { what: activityTypeLabel(item.action), icon: activityTypeIcon(item.action), tab: 'activities' };
  if (item.kind === 'meeting')
    return {
      what: `Meeting · ${meetingStatusLabels[item.action as keyof typeof meetingStatusLabels] ?? item.action}`,
      icon: IconCalendarEvent,
      tab: 'meetings',
    };
  if (item.kind === 'playbook') return { what: 'Playbook', icon: IconRobot };
  return { what: 'Account', icon: IconBuilding };
}

export function TimelineTab({ account, onTabChange }: AccountTabProps) {
  const [kinds, setKinds] = useState<string[]>([]);
  const list = useInfiniteQuery(timelineQuery(account.id, [...kinds].sort()));
  const users = useQuery(userDirectoryQuery);
  const nameOf = (id: string | null) =>
    id ? (users.data?.find((u) => u.id === id)?.name ?? 'Someone') : 'Steward';
  const { ref, entry } = useIntersection({ rootMargin: '400px' });
  const { hasNextPage, isFetchingNextPage, fetchNextPage, isFetchNextPageError } = list;

  // Keep loading while the end of the list is near the screen.
  useEffect(() => {
    if (entry?.isIntersecting && hasNextPage && !isFetchingNextPage && !isFetchNextPageError)
      void fetchNextPage();
  }, [entry?.isIntersecting, hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage]);

  const items = list.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <Stack gap="md">
      <Group gap="xs" role="group" aria-label="Show">
        <Text size="sm" c="dimmed">
          Show
        </Text>
        <Chip.Group multiple value={kinds} onChange={setKinds}>
          {kindFilters.map((k) => (
            <Chip key={k.value} value={k.value} size="sm">
              {k.label}
            </Chip>
          ))}
        </Chip.Group>
      </Group>
      <QueryContent
        query={list}
        what="the timeline"
        empty={
          items.length === 0 && (
            <EmptyState title="Nothing here yet">
              {kinds.length
                ? 'Nothing of these kinds has happened on this account.'
                : 'Activities, meetings and changes will appear here.'}
            </EmptyState>
          )
        }
      >
        <Timeline bulletSize={28} lineWidth={2} aria-label="Timeline">
          {items.map((item) => {
            const d = describe(item);
            return (
              <Timeline.Item
                key={`${item.kind}:${item.id}`}
                bullet={
                  <ThemeIcon size={28} radius="xl" variant="light">
                    <d.icon size={16} />
                  </ThemeIcon>
                }
                title={
                  d.tab ? (
                    <Anchor
                      component="button"
                      type="button"
                      fw={600}
                      size="sm"
                      onClick={() => d.tab && onTabChange(d.tab)}
                    >
                      {item.title}
                    </Anchor>
                  ) : (
                    <Text fw={600} size="sm">
                      {item.title}
                    </Text>
                  )
                }
              >
                <Text size="xs" c="dimmed">
                  {d.what} · {formatDateTime(item.at)} · {nameOf(item.actorId)}
                </Text>
              </Timeline.Item>
            );
          })}
        </Timeline>
        <div ref={ref} />
        <MorePages list={list} errorTitle="Could not load more" />
      </QueryContent>
    </Stack>
  );
}
