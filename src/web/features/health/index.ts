import { IconHeartbeat } from '@tabler/icons-react';
import { lazyRouteComponent } from '@tanstack/react-router';
import type { WebFeature } from '../feature.ts';
import { healthRoutes } from './routes.tsx';

// The health feature's public surface: the portfolio dashboard, an account's score as a tab, the
// health model's settings, and the score summary the account overview shows.
const HealthModelSettings = lazyRouteComponent(
  () => import('./HealthModelSettings.tsx'),
  'HealthModelSettings',
);
const HealthTab = lazyRouteComponent(() => import('./HealthTab.tsx'), 'HealthTab');

export const feature = {
  routes: healthRoutes,
  nav: {
    path: '/health',
    label: 'Health',
    icon: IconHeartbeat,
    order: 60,
    purpose: 'Health scores across the portfolio, with the reasons behind each score.',
  },
  accountTab: { key: 'health', label: 'Health', order: 80, component: HealthTab },
  settingsTab: {
    path: 'health-model',
    label: 'Health model',
    icon: IconHeartbeat,
    order: 40,
    component: HealthModelSettings,
    description: 'Settings: the weighted components and bands of health scores',
  },
} satisfies WebFeature;

// The churn-risk badge lives with the accounts (whose field it shows); other features find it here too.
export { ChurnRiskBadge } from '../accounts/index.ts';
export { HealthSummary } from './HealthSummary.tsx';
