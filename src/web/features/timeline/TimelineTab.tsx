import { Anchor, Chip, Group, Stack, Text, ThemeIcon, Timeline } from '@mantine/core';
import { useIntersection } from '@mantine/hooks';
import {
  IconBriefcase,
  IconBuilding,
  IconCalendarEvent,
  IconChecklist,
  IconMessageQuestion,
  IconRobot,
  IconTruckDelivery,
} from '@tabler/icons-react';
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
  // One chip for the delivery work's kinds; the server takes them comma-separated.
  { value: 'client_request,deliverable,engagement,project', label: 'Delivery' },
];

/** The delivery work's events: the kind's name and icon; reviews get their own name. */
const deliveryKinds: Record<string, { what: string; icon: typeof IconBuilding }> = {
  project: { what: 'Project', icon: IconBriefcase },
  deliverable: { what: 'Deliverable', icon: IconChecklist },
  client_request: { what: 'Client request', icon: IconMessageQuestion },
  engagement: { what: 'Vendor', icon: IconTruckDelivery },
};

/** The account's own changes and its records' (contracts, deals, issues…), told as account events. */
const accountKinds = ['account', 'contract', 'opportunity', 'issue', 'feedback', 'health'];

/** A kind this page does not know yet, in words: `client_request` → "Client request". */
const kindWords = (kind: string) => {
  const text = kind.replaceAll('_', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};

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
  const kind: string = item.kind;
  const delivery = deliveryKinds[kind];
  if (delivery)
    return {
      what: item.action === 'deliverable.reviewed' ? 'Review' : delivery.what,
      icon: delivery.icon,
      tab: 'projects',
    };
  if (accountKinds.includes(kind)) return { what: 'Account', icon: IconBuilding };
  return { what: kindWords(kind), icon: IconBuilding };
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
