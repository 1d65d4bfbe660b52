import { IconAlarm, IconAlertTriangle } from '@tabler/icons-react';
import { lazyRouteComponent } from '@tanstack/react-router';
import type { WebFeature } from '../feature.ts';
import { issueRoutes } from './routes.tsx';

// The issues feature's public surface: the issue board and pages, an account's issues as a tab, the
// SLA settings, and the issue list the health model's preview reads.
const AccountIssuesTab = lazyRouteComponent(() => import('./AccountIssuesTab.tsx'), 'AccountIssuesTab');
const SlaSettings = lazyRouteComponent(() => import('./SlaSettings.tsx'), 'SlaSettings');

export const feature = {
  routes: issueRoutes,
  nav: {
    path: '/issues',
    label: 'Issues',
    icon: IconAlertTriangle,
    order: 70,
    purpose: 'Client issues with their severity and SLA.',
  },
  accountTab: { key: 'issues', label: 'Issues', order: 90, component: AccountIssuesTab },
  settingsTab: {
    path: 'sla',
    label: 'SLA',
    icon: IconAlarm,
    order: 50,
    component: SlaSettings,
    commandLabel: 'SLA hours',
    description: 'Settings: hours to resolve an issue, by severity',
  },
} satisfies WebFeature;

export { type Issue, issuesQuery } from './issues.api.ts';
