import { IconMessage2 } from '@tabler/icons-react';
import { lazyRouteComponent } from '@tanstack/react-router';
import type { WebFeature } from '../feature.ts';
import { feedbackRoutes } from './routes.tsx';

// The feedback feature: product feedback by theme across accounts, and an account's feedback as a tab.
const FeedbackTab = lazyRouteComponent(() => import('./FeedbackTab.tsx'), 'FeedbackTab');

export const feature = {
  routes: feedbackRoutes,
  nav: {
    path: '/feedback',
    label: 'Feedback',
    icon: IconMessage2,
    order: 80,
    purpose: 'Product feedback from clients, grouped by theme and weighed by the revenue behind it.',
  },
  accountTab: { key: 'feedback', label: 'Feedback', order: 100, component: FeedbackTab },
} satisfies WebFeature;
