import { IconSettings } from '@tabler/icons-react';
import type { WebFeature } from '../feature.ts';
import { settingsRoutes } from './routes.tsx';

// The settings page; its tabs come from the features that own each setting.
export const feature = {
  routes: settingsRoutes,
  nav: {
    path: '/settings',
    label: 'Settings',
    icon: IconSettings,
    order: 100,
    purpose: 'Users, teams, API keys, the health model and SLA hours.',
  },
} satisfies WebFeature;
