import { Badge, Group, Menu, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import { formatDate } from '../../ui/format.ts';
import { MoreActions } from '../../ui/lists.tsx';
import { notifyFailure } from '../../ui/notify.ts';
import { type Feedback, useUpdateFeedback } from './feedback.api.ts';
import {
  type FeedbackStatus,
  feedbackStatusColors,
  feedbackStatusLabels,
  feedbackStatusOptions,
} from './labels.ts';

/** One piece of feedback: title, area, status, details; with `canChange`, a menu to move its status. */
export function FeedbackItem({
  item,
  canChange,
  extra,
}: {
  item: Feedback;
  canChange: boolean;
  /** Shown after the date: the account, or who it came from. */
  extra?: ReactNode;
}) {
  const update = useUpdateFeedback();
  const setStatus = (status: FeedbackStatus) =>
    update.mutate(
      { item, body: { status } },
      {
        onSuccess: (f) =>
          notifications.show({ message: `${f.title}: ${feedbackStatusLabels[f.status].toLowerCase()}.` }),
        onError: notifyFailure('Could not change the feedback'),
      },
    );
  return (
    <Paper withBorder p="sm" role="listitem">
      <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Group gap={6}>
            <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
              {item.title}
            </Text>
            <Badge size="sm" variant="light" color={feedbackStatusColors[item.status]}>
              {feedbackStatusLabels[item.status]}
            </Badge>
            {item.productArea && (
              <Badge size="sm" variant="outline" color="gray" tt="none">
                {item.productArea}
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed" component="div">
            {formatDate(item.createdAt)}
            {extra}
          </Text>
          {item.body && (
            <Text size="sm" c="dimmed" lineClamp={3} style={{ whiteSpace: 'pre-wrap' }}>
              {item.body}
            </Text>
          )}
        </Stack>
        {canChange && (
          <MoreActions name={item.title}>
            <Menu.Label>Status</Menu.Label>
            {feedbackStatusOptions
              .filter((o) => o.value !== item.status)
              .map((o) => (
                <Menu.Item key={o.value} onClick={() => setStatus(o.value)}>
                  {o.label}
                </Menu.Item>
              ))}
          </MoreActions>
        )}
      </Group>
    </Paper>
  );
}
