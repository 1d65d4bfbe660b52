import { IconUsers } from '@tabler/icons-react';
import { lazyRouteComponent } from '@tanstack/react-router';
import type { WebFeature } from '../feature.ts';

// The users feature's public surface: its settings tab, and the directory of people and teams, the
// user picker and role labels that most other features use.
const UsersTab = lazyRouteComponent(() => import('./UsersTab.tsx'), 'UsersTab');

export const feature = {
  settingsTab: {
    path: 'users',
    label: 'Users',
    icon: IconUsers,
    order: 10,
    component: UsersTab,
    description: 'Settings: people who can sign in, their roles and teams',
  },
} satisfies WebFeature;

export { roleLabel } from './roles.ts';
export { UsersPicker } from './UsersPicker.tsx';
export { teamsQuery, useRefreshPeople, userDirectoryQuery } from './users.api.ts';
