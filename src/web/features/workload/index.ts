import { IconLayoutGrid } from '@tabler/icons-react';
import type { WebFeature } from '../feature.ts';
import { workloadRoutes } from './routes.tsx';

// The workload heat map: people × weeks, each week's load of open tasks and deliverables against
// the person's weekly capacity; a cell lists its items, which can be handed to someone with room.
export const feature = {
  routes: workloadRoutes,
  nav: {
    path: '/workload',
    label: 'Workload',
    icon: IconLayoutGrid,
    order: 57,
    purpose:
      'Who has room: each person’s load of tasks and deliverables against their capacity, week by week.',
  },
} satisfies WebFeature;

export { ProjectLink } from './ProjectLink.tsx';
