import { IconKey } from '@tabler/icons-react';
import { lazyRouteComponent } from '@tanstack/react-router';
import type { WebFeature } from '../feature.ts';

// API keys for scripts and integrations, as a settings tab.
const ApiKeysTab = lazyRouteComponent(() => import('./ApiKeysTab.tsx'), 'ApiKeysTab');

export const feature = {
  settingsTab: {
    path: 'api-keys',
    label: 'API keys',
    icon: IconKey,
    order: 30,
    component: ApiKeysTab,
    description: 'Settings: keys for scripts and integrations',
  },
} satisfies WebFeature;
