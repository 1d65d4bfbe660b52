import { IconChartBar } from '@tabler/icons-react';
import type { WebFeature } from '../feature.ts';
import { reportRoutes } from './routes.tsx';

// Reports: charts of revenue, retention and health, one tab (and address) per report.
export const feature = {
  routes: reportRoutes,
  nav: {
    path: '/reports',
    label: 'Reports',
    icon: IconChartBar,
    order: 90,
    purpose: 'Charts of revenue, retention and health.',
  },
  commands: [
    {
      path: '/reports/arr-movement',
      label: 'ARR movement',
      description: 'Reports: new, expansion, contraction and churn, with GRR and NRR',
    },
  ],
} satisfies WebFeature;
