import { Badge, Text, Tooltip } from '@mantine/core';
import { IconAlarm } from '@tabler/icons-react';
import { formatDateTime } from '../../ui/format.ts';
import { slaClock, slaColors, useNow } from './slaClock.ts';

/**
 * The time an issue has left before its SLA is breached, or how long ago it was breached (red).
 * Ticks while the page is open.
 */
export function SlaCountdown({
  issue,
  variant = 'badge',
}: {
  issue: { slaDueAt: string; resolvedAt: string | null };
  variant?: 'badge' | 'text';
}) {
  const now = useNow();
  const clock = slaClock(issue, now);
  const color = slaColors[clock.state];
  const label = `SLA due ${formatDateTime(issue.slaDueAt)}`;
  if (variant === 'text')
    return (
      <Text span size="sm" c={color} fw={color ? 600 : undefined} data-sla={clock.state} title={label}>
        {clock.text}
      </Text>
    );
  return (
    <Tooltip label={label} withArrow>
      <Badge
        variant={clock.state === 'breached' ? 'filled' : 'light'}
        color={color ?? 'gray'}
        leftSection={<IconAlarm size={12} aria-hidden />}
        tt="none"
        data-sla={clock.state}
        tabIndex={0}
        aria-label={`${clock.text}. ${label}`}
      >
        {clock.text}
      </Badge>
    </Tooltip>
  );
}
