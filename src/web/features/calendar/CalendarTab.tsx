import { Alert, Button, CopyButton, Group, List, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarPlus, IconCheck, IconCopy, IconInfoCircle, IconRefresh } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { QueryContent } from '../../ui/lists.tsx';
import { FormError } from '../../ui/states.tsx';
import { calendarFeedQuery, useRotateCalendarFeed } from './calendar.api.ts';

/** Profile → Calendar: the secret URL of your iCalendar feed, and how to subscribe to it. */
export function CalendarTab() {
  const feed = useQuery(calendarFeedQuery);
  const rotate = useRotateCalendarFeed();
  const [confirming, setConfirming] = useState(false);
  const url = feed.data?.url ?? null;

  return (
    <Stack gap="md" maw={760}>
      <Text size="sm">
        Subscribe to your Steward calendar from Google Calendar, Outlook or Apple Calendar: your meetings
        (cancelled ones marked so), the renewal dates of active contracts on the accounts you own and the due
        dates of your open tasks, from 90 days back to a year ahead. It updates by itself.
      </Text>
      <QueryContent query={feed} what="your calendar feed">
        {url ? (
          <Stack gap="xs">
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <TextInput
                label="Your feed’s URL"
                value={url}
                readOnly
                onFocus={(e) => e.currentTarget.select()}
                style={{ flex: 1 }}
                styles={{ input: { fontFamily: 'monospace' } }}
              />
              <CopyButton value={url}>
                {({ copied, copy }) => (
                  <Button
                    variant={copied ? 'light' : 'default'}
                    color={copied ? 'green' : undefined}
                    leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                    onClick={copy}
                  >
                    {copied ? 'Copied' : 'Copy'}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Text size="xs" c="dimmed">
              Anyone with this URL can read your calendar: keep it to yourself. Made{' '}
              {formatDateTime(feed.data?.createdAt, '')}.
            </Text>
            <div>
              <Button
                variant="default"
                leftSection={<IconRefresh size={16} />}
                onClick={() => {
                  rotate.reset();
                  setConfirming(true);
                }}
              >
                Replace the URL
              </Button>
            </div>
          </Stack>
        ) : (
          <Stack gap="xs" align="flex-start">
            <Text size="sm" c="dimmed">
              You have no calendar feed yet.
            </Text>
            <Button
              leftSection={<IconCalendarPlus size={16} />}
              loading={rotate.isPending}
              onClick={() => rotate.mutate()}
            >
              Create my calendar feed
            </Button>
            <FormError error={rotate.isError && !confirming ? rotate.error : null} />
          </Stack>
        )}
      </QueryContent>

      <Paper withBorder p="md">
        <Stack gap="xs">
          <Title order={4}>Subscribing</Title>
          <List size="sm" spacing={6}>
            <List.Item>
              <b>Google Calendar</b>: Other calendars → + → From URL, paste the URL, Add calendar. Google
              refreshes it every few hours.
            </List.Item>
            <List.Item>
              <b>Outlook</b>: Add calendar → Subscribe from web, paste the URL, Import.
            </List.Item>
            <List.Item>
              <b>Apple Calendar</b>: File → New Calendar Subscription, paste the URL, then choose how often it
              refreshes.
            </List.Item>
          </List>
          <Alert variant="light" color="gray" icon={<IconInfoCircle size={16} />}>
            The feed is read-only: change meetings and tasks in Steward, and your calendar follows.
          </Alert>
        </Stack>
      </Paper>

      <ConfirmModal
        opened={confirming}
        title="Replace the calendar feed’s URL?"
        confirmLabel="Replace the URL"
        loading={rotate.isPending}
        error={rotate.error}
        onConfirm={() =>
          rotate.mutate(undefined, {
            onSuccess: () => {
              setConfirming(false);
              notifications.show({
                color: 'green',
                message: 'New URL made: subscribe your calendars to it; the old one no longer works.',
              });
            },
          })
        }
        onClose={() => setConfirming(false)}
      >
        The current URL stops working at once: calendars subscribed to it stop updating until you subscribe
        them to the new one.
      </ConfirmModal>
    </Stack>
  );
}
