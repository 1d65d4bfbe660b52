import { IconUsersGroup } from '@tabler/icons-react';
import { lazyRouteComponent } from '@tanstack/react-router';
import type { WebFeature } from '../feature.ts';

// Teams with their managers and members, as a settings tab. The list of teams itself comes from the
// users feature, which needs it too.
const TeamsTab = lazyRouteComponent(() => import('./TeamsTab.tsx'), 'TeamsTab');

export const feature = {
  settingsTab: {
    path: 'teams',
    label: 'Teams',
    icon: IconUsersGroup,
    order: 20,
    component: TeamsTab,
    description: 'Settings: teams with their managers and members',
  },
} satisfies WebFeature;
