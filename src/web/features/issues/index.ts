import { IconAlarm, IconAlertTriangle } from '@tabler/icons-react';
import type { WebFeature } from '../feature.ts';
import { AccountIssuesTab } from './AccountIssuesTab.tsx';
import { issueRoutes } from './routes.tsx';
import { SlaSettings } from './SlaSettings.tsx';

// The issues feature's public surface: the issue board and pages, an account's issues as a tab, the
// SLA settings, and the issue list the health model's preview reads.
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
