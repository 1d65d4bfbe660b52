import { z } from 'zod';
import { isoDateTimeOut } from './common.ts';

/** GET/POST /api/v1/me/calendar-feed: the secret URL of your iCalendar feed. */
export const calendarFeed = z.object({
  url: z.string().nullable().describe('The feed’s secret URL; null until one is created'),
  createdAt: isoDateTimeOut.nullable(),
});
export type CalendarFeed = z.infer<typeof calendarFeed>;

export const calendarFeedParams = z.strictObject({
  token: z.string().max(200).describe('The secret token of a feed URL, with `.ics`'),
});
