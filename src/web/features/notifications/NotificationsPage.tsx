import { Button, Card, Group, SegmentedControl, Stack, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { MorePages, QueryContent } from '../../ui/lists.tsx';
import { notifyFailure } from '../../ui/notify.ts';
import { EmptyState } from '../../ui/states.tsx';
import { NotificationItem, useOpenNotification } from './NotificationBell.tsx';
import { inboxQuery, useMarkRead } from './notifications.api.ts';

/** The whole inbox, newest first, all or only the unread. */
export function NotificationsPage({
  unread,
  onUnreadChange,
}: {
  unread: boolean;
  onUnreadChange: (unread: boolean) => void;
}) {
  const list = useInfiniteQuery(inboxQuery(unread));
  const markRead = useMarkRead();
  const open = useOpenNotification();
  const items = list.data?.pages.flatMap((p) => p.data) ?? [];
  const unreadCount = list.data?.pages[0]?.meta.unreadCount ?? 0;

  return (
    <Stack gap="md" maw={760}>
      <Group justify="space-between">
        <Title order={2}>Notifications</Title>
        <Group gap="sm">
          <SegmentedControl
            value={unread ? 'unread' : 'all'}
            onChange={(v) => onUnreadChange(v === 'unread')}
            data={[
              { value: 'all', label: 'All' },
              { value: 'unread', label: `Unread (${unreadCount})` },
            ]}
            aria-label="Show"
          />
          <Button
            variant="default"
            disabled={!unreadCount}
            loading={markRead.isPending}
            onClick={() =>
              markRead.mutate({ all: true }, { onError: notifyFailure('Could not mark all read') })
            }
          >
            Mark all read
          </Button>
        </Group>
      </Group>
      <QueryContent
        query={list}
        what="notifications"
        empty={
          items.length === 0 && (
            <EmptyState title={unread ? 'No unread notifications' : 'No notifications yet'}>
              You are told here when a task or an issue is assigned to you, an account you own changes, or
              someone mentions you.
            </EmptyState>
          )
        }
      >
        <Card withBorder p="xs">
          <Stack gap={0}>
            {items.map((n) => (
              <NotificationItem key={n.id} n={n} onOpen={open} />
            ))}
          </Stack>
        </Card>
        <MorePages list={list} errorTitle="Could not load more notifications" />
      </QueryContent>
    </Stack>
  );
}
