import { IconTruckDelivery } from '@tabler/icons-react';
import type { WebFeature } from '../feature.ts';
import { vendorRoutes } from './routes.tsx';

// The vendors directory: the studios, printers and freelancers the agency hires, each with its
// record (engagements on projects, total cost, average rating, on-time rate).
export const feature = {
  routes: vendorRoutes,
  nav: {
    path: '/vendors',
    label: 'Vendors',
    icon: IconTruckDelivery,
    order: 47,
    purpose: 'The vendors you hire, with their engagements, cost, rating and on-time record.',
  },
} satisfies WebFeature;
