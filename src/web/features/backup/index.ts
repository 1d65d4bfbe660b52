import { IconDatabaseExport } from '@tabler/icons-react';
import { lazyRouteComponent } from '@tanstack/react-router';
import type { WebFeature } from '../feature.ts';

// Settings → Backup (admins): what a backup holds, and its download (GET /api/v1/admin/backup).
const BackupTab = lazyRouteComponent(() => import('./BackupTab.tsx'), 'BackupTab');

export const feature = {
  settingsTab: {
    path: 'backup',
    label: 'Backup',
    icon: IconDatabaseExport,
    order: 90,
    component: BackupTab,
    commandLabel: 'Download a backup',
    description: 'Settings: download a backup of everything, to keep or to move to another server',
    visibleTo: (me) => me.role === 'admin',
  },
} satisfies WebFeature;
