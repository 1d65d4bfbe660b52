import { IconFileImport } from '@tabler/icons-react';
import { lazyRouteComponent } from '@tanstack/react-router';
import type { WebFeature } from '../feature.ts';

// CSV import as a settings tab (admins): upload, map the columns, dry run, run, and the history.
const ImportsTab = lazyRouteComponent(() => import('./ImportsTab.tsx'), 'ImportsTab');

export const feature = {
  settingsTab: {
    path: 'import',
    label: 'Import',
    icon: IconFileImport,
    order: 80,
    component: ImportsTab,
    commandLabel: 'Import a CSV file',
    description:
      'Settings: import accounts, contacts, deals and more from Salesforce, HubSpot or a spreadsheet',
    visibleTo: (me) => me.role === 'admin',
  },
} satisfies WebFeature;
