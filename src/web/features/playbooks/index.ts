import { IconRobot } from '@tabler/icons-react';
import { lazyRouteComponent } from '@tanstack/react-router';
import type { WebFeature } from '../feature.ts';

// Playbooks (trigger → conditions → actions) as a settings tab: admins build them, everyone reads.
const PlaybooksTab = lazyRouteComponent(() => import('./PlaybooksTab.tsx'), 'PlaybooksTab');

export const feature = {
  settingsTab: {
    path: 'playbooks',
    label: 'Playbooks',
    icon: IconRobot,
    order: 65,
    component: PlaybooksTab,
    description: 'Settings: automation — when something happens on an account, act by itself',
  },
} satisfies WebFeature;
