import { IconBriefcase } from '@tabler/icons-react';
import { lazyRouteComponent } from '@tanstack/react-router';
import type { WebFeature } from '../feature.ts';
import { projectRoutes } from './routes.tsx';

// The projects feature's public surface: the projects list and the project page (deliverables and
// their review rounds, client requests, vendor engagements, scope and goals), and an account's
// projects as a tab.
const AccountProjectsTab = lazyRouteComponent(() => import('./AccountProjectsTab.tsx'), 'AccountProjectsTab');

export const feature = {
  routes: projectRoutes,
  nav: {
    path: '/projects',
    label: 'Projects',
    icon: IconBriefcase,
    order: 35,
    purpose: 'Projects, campaigns and retainers: deliverables, review rounds, client requests and vendors.',
  },
  accountTab: { key: 'projects', label: 'Projects', order: 55, component: AccountProjectsTab },
} satisfies WebFeature;

export {
  deliverableStatusColors,
  deliverableStatusLabels,
  deliveryLabels,
  projectStatusLabels,
} from './labels.ts';
export { DeliveryBadge } from './ProjectBadges.tsx';
