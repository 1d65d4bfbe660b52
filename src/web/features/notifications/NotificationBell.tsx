import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Divider,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { recordPath } from '../../../core/schemas/notifications.ts';
import { formatDateTime, formatDay } from '../../ui/format.ts';
import { notifyFailure } from '../../ui/notify.ts';
import { bellQuery, type Notification, useMarkRead, useNotificationStream } from './notifications.api.ts';

/**
 * A notification's text with the timestamps and days the server wrote in ISO form
 * (`2026-12-02T21:08:35.484Z`, `2026-12-10`) put in the reader's words.
 */
function readable(text: string): string {
  return text
    .replace(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g, (iso) =>
      formatDateTime(iso, iso),
    )
    .replace(/\b\d{4}-\d{2}-\d{2}\b(?!T)/g, (day) => formatDay(day, day));
}

/** One notification: its title, what it says and when; unread ones stand out. */
export function NotificationItem({ n, onOpen }: { n: Notification; onOpen: (n: Notification) => void }) {
  return (
    <UnstyledButton
      onClick={() => onOpen(n)}
      p="xs"
      style={{ borderRadius: 'var(--mantine-radius-sm)', width: '100%' }}
      data-testid="notification-item"
      aria-label={`${n.readAt ? '' : 'Unread: '}${readable(n.title)}`}
    >
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Badge
          size="xs"
          circle
          variant="filled"
          color={n.readAt ? 'transparent' : 'blue'}
          mt={6}
          style={{ flexShrink: 0 }}
          aria-hidden
        />
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Text size="sm" fw={n.readAt ? 400 : 600} lineClamp={2}>
            {readable(n.title)}
          </Text>
          {n.body && (
            <Text size="xs" c="dimmed" lineClamp={2}>
              {readable(n.body)}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {formatDateTime(n.at)}
          </Text>
        </Stack>
      </Group>
    </UnstyledButton>
  );
}

/** Opens a notification's record, marking it read. */
export function useOpenNotification(after?: () => void) {
  const navigate = useNavigate();
  const markRead = useMarkRead();
  return (n: Notification) => {
    if (!n.readAt) markRead.mutate({ ids: [n.id] }, { onError: notifyFailure('Could not mark it read') });
    after?.();
    void navigate({ href: recordPath(n.ref, n.accountId) });
  };
}

/** The header's bell: the unread count, live, and the newest notifications in a popover. */
export function NotificationBell() {
  useNotificationStream();
  const [opened, setOpened] = useState(false);
  const bell = useQuery(bellQuery);
  const markRead = useMarkRead();
  const open = useOpenNotification(() => setOpened(false));
  const unread = bell.data?.meta.unreadCount ?? 0;
  const items = bell.data?.data ?? [];
  const label = unread ? `Notifications: ${unread} unread` : 'Notifications';

  return (
    <Popover opened={opened} onChange={setOpened} width={360} position="bottom-end" shadow="md" withArrow>
      <Popover.Target>
        <Tooltip label={label} disabled={opened}>
          <Indicator
            label={unread > 99 ? '99+' : unread}
            disabled={!unread}
            size={16}
            offset={4}
            color="red"
            data-testid="notification-count"
          >
            <ActionIcon variant="default" size="lg" onClick={() => setOpened((o) => !o)} aria-label={label}>
              <IconBell size={18} />
            </ActionIcon>
          </Indicator>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown p="xs" aria-label="Notifications">
        <Group justify="space-between" px="xs" pb={4}>
          <Text fw={600} size="sm">
            Notifications
          </Text>
          <Button
            variant="subtle"
            size="compact-xs"
            disabled={!unread}
            loading={markRead.isPending}
            onClick={() =>
              markRead.mutate({ all: true }, { onError: notifyFailure('Could not mark all read') })
            }
          >
            Mark all read
          </Button>
        </Group>
        <Divider />
        <ScrollArea.Autosize mah={420} type="auto">
          {bell.isError ? (
            <Text size="sm" c="red" p="sm">
              Could not load notifications.
            </Text>
          ) : items.length === 0 ? (
            <Text size="sm" c="dimmed" p="sm">
              {bell.isPending ? 'Loading…' : 'Nothing new. You will be told here when something needs you.'}
            </Text>
          ) : (
            <Stack gap={0}>
              {items.map((n) => (
                <NotificationItem key={n.id} n={n} onOpen={open} />
              ))}
            </Stack>
          )}
        </ScrollArea.Autosize>
        <Divider />
        <Group justify="center" pt={6}>
          <Anchor component={Link} to="/notifications" size="sm" onClick={() => setOpened(false)}>
            See all notifications
          </Anchor>
        </Group>
      </Popover.Dropdown>
    </Popover>
  );
}
