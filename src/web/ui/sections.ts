import {
  IconAlertTriangle,
  IconBuildingStore,
  IconCalendarRepeat,
  IconChartBar,
  IconChartLine,
  IconHeartbeat,
  IconLayoutKanban,
  IconMessage2,
  IconSettings,
  IconSun,
} from '@tabler/icons-react';

export interface Section {
  path:
    | '/'
    | '/accounts'
    | '/pipeline'
    | '/renewals'
    | '/forecast'
    | '/health'
    | '/issues'
    | '/feedback'
    | '/reports'
    | '/settings';
  label: string;
  icon: typeof IconSun;
  /** What the section is for, in one sentence (DESIGN.md §5), shown while it is not available. */
  purpose: string;
  available: boolean;
}

/** Every section of the app, in navigation order. */
export const sections: Section[] = [
  {
    path: '/',
    label: 'My day',
    icon: IconSun,
    purpose:
      'Your agenda as a ranked list: overdue check-ins, meetings today, tasks, renewals coming up, red accounts and issues near their SLA.',
    available: true,
  },
  {
    path: '/accounts',
    label: 'Accounts',
    icon: IconBuildingStore,
    purpose:
      'Your book of client accounts, and each account with its overview, timeline, contacts, contracts, opportunities, health, issues and feedback.',
    available: true,
  },
  {
    path: '/pipeline',
    label: 'Pipeline',
    icon: IconLayoutKanban,
    purpose: 'Open opportunities by stage, as a board and as a table.',
    available: true,
  },
  {
    path: '/renewals',
    label: 'Renewals',
    icon: IconCalendarRepeat,
    purpose: 'Contracts coming up for renewal, grouped by renewal window.',
    available: true,
  },
  {
    path: '/forecast',
    label: 'Forecast',
    icon: IconChartLine,
    purpose: 'The revenue forecast against quota.',
    available: true,
  },
  {
    path: '/health',
    label: 'Health',
    icon: IconHeartbeat,
    purpose: 'Health scores across the portfolio, with the reasons behind each score.',
    available: true,
  },
  {
    path: '/issues',
    label: 'Issues',
    icon: IconAlertTriangle,
    purpose: 'Client issues with their severity and SLA.',
    available: true,
  },
  {
    path: '/feedback',
    label: 'Feedback',
    icon: IconMessage2,
    purpose: 'Product feedback from clients, grouped by theme and weighed by the revenue behind it.',
    available: true,
  },
  {
    path: '/reports',
    label: 'Reports',
    icon: IconChartBar,
    purpose: 'Charts of revenue, retention and health.',
    available: true,
  },
  {
    path: '/settings',
    label: 'Settings',
    icon: IconSettings,
    purpose: 'Users, teams, API keys, the health model and SLA hours.',
    available: true,
  },
];
