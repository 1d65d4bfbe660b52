import { lazyRouteComponent } from '@tanstack/react-router';
import type { WebFeature } from '../feature.ts';

// The account timeline: everything that happened on an account, as an account-page tab.
const TimelineTab = lazyRouteComponent(() => import('./TimelineTab.tsx'), 'TimelineTab');

export const feature = {
  accountTab: { key: 'timeline', label: 'Timeline', order: 10, component: TimelineTab },
} satisfies WebFeature;
