import { IconKey } from '@tabler/icons-react';
import type { WebFeature } from '../feature.ts';
import { ApiKeysTab } from './ApiKeysTab.tsx';

// API keys for scripts and integrations, as a settings tab.
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
