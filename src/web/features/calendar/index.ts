import { IconCalendar } from '@tabler/icons-react';
import { lazyRouteComponent } from '@tanstack/react-router';
import type { WebFeature } from '../feature.ts';

// Profile → Calendar: the secret URL of the user's iCalendar feed (GET/POST /api/v1/me/calendar-feed).
const CalendarTab = lazyRouteComponent(() => import('./CalendarTab.tsx'), 'CalendarTab');

export const feature = {
  profileTab: {
    path: 'calendar',
    label: 'Calendar',
    icon: IconCalendar,
    order: 30,
    component: CalendarTab,
    commandLabel: 'Calendar feed',
    description: 'Profile: subscribe to your meetings, renewals and task due dates from your calendar app',
  },
} satisfies WebFeature;
