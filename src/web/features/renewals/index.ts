import { IconCalendarRepeat } from '@tabler/icons-react';
import type { WebFeature } from '../feature.ts';
import { renewalRoutes } from './routes.tsx';

// Renewals: contracts coming up for renewal in a chosen window.
export const feature = {
  routes: renewalRoutes,
  nav: {
    path: '/renewals',
    label: 'Renewals',
    icon: IconCalendarRepeat,
    order: 40,
    purpose: 'Contracts coming up for renewal, grouped by renewal window.',
  },
} satisfies WebFeature;
