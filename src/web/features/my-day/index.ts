import { IconSun } from '@tabler/icons-react';
import type { WebFeature } from '../feature.ts';
import { myDayRoutes } from './routes.tsx';

// My day, the home page: the signed-in user's agenda.
export const feature = {
  routes: myDayRoutes,
  nav: {
    path: '/',
    label: 'My day',
    icon: IconSun,
    order: 10,
    purpose:
      'Your agenda as a ranked list: overdue check-ins, meetings today, tasks and deliverables due, overdue client requests, renewals coming up, red accounts, projects off track and issues near their SLA.',
  },
} satisfies WebFeature;
