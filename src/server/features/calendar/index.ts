import type { Feature } from '../../feature.ts';
import { calendarRoutes } from './calendar.routes.ts';
import { calendarFeeds } from './calendar.table.ts';

/**
 * Each user's iCalendar feed behind a secret URL: meetings, renewal dates, and the due dates of
 * tasks, deliverables and client requests.
 * More dated records join it as `calendarSources` in calendar.service.ts.
 */
export const calendarFeature: Feature = {
  name: 'calendar',
  routes: calendarRoutes,
  tables: { calendarFeeds },
};
export type { CalendarItem, CalendarSource, CalendarWindow } from './calendar.service.ts';
export { calendarFeeds };
