import { IconUsersGroup } from '@tabler/icons-react';
import type { WebFeature } from '../feature.ts';
import { TeamsTab } from './TeamsTab.tsx';

// Teams with their managers and members, as a settings tab. The list of teams itself comes from the
// users feature, which needs it too.
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
