import { Text, type TextProps } from '@mantine/core';
import { daysBetween, formatDay, isoDay } from '../../ui/format.ts';

/** Overdue when the date has passed, due when it is today. */
export function checkInStatus(nextCheckInDue: string, today = isoDay()): 'overdue' | 'due' | 'later' {
  const days = daysBetween(today, nextCheckInDue);
  return days < 0 ? 'overdue' : days === 0 ? 'due' : 'later';
}

export function checkInHint(nextCheckInDue: string, today = isoDay()): string {
  const days = daysBetween(today, nextCheckInDue);
  if (days < 0) return days === -1 ? '1 day overdue' : `${-days} days overdue`;
  if (days === 0) return 'due today';
  return days === 1 ? 'in 1 day' : `in ${days} days`;
}

/** The next check-in date, red once it is overdue and orange on the day it is due. */
export function NextCheckIn({
  date,
  withHint = false,
  ...props
}: { date: string; withHint?: boolean } & TextProps) {
  const status = checkInStatus(date);
  const color = status === 'overdue' ? 'red' : status === 'due' ? 'orange' : undefined;
  return (
    <Text
      span
      c={color}
      fw={status === 'later' ? undefined : 600}
      title={checkInHint(date)}
      data-status={status}
      {...props}
    >
      {formatDay(date)}
      {withHint && (
        <Text span c={color ?? 'dimmed'} fw={400} size="sm">
          {' '}
          ({checkInHint(date)})
        </Text>
      )}
    </Text>
  );
}
