import { IconUsersGroup } from '@tabler/icons-react';
import type { WebFeature } from '../feature.ts';
import { teamRoutes } from './routes.tsx';

// The director's view of a team: the team report (a row per member, linked to their pipeline,
// accounts and health) and why the team's deals were lost, for a quarter.
export const feature = {
  routes: teamRoutes,
  nav: {
    path: '/team',
    label: 'Team',
    icon: IconUsersGroup,
    order: 55,
    purpose: "Your team's numbers by member: forecast, renewals, churn, check-ins and loss reasons.",
    visibleTo: (me) => me.role === 'admin' || me.role === 'manager',
  },
} satisfies WebFeature;
