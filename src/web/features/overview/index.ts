import { lazyRouteComponent } from '@tanstack/react-router';
import type { WebFeature } from '../feature.ts';

// The account page's first tab: key facts and a summary of what the other tabs hold. It is a feature
// of its own so that the accounts feature does not depend on the features it summarises.
const OverviewTab = lazyRouteComponent(() => import('./OverviewTab.tsx'), 'OverviewTab');

export const feature = {
  accountTab: { key: 'overview', label: 'Overview', order: 0, component: OverviewTab },
} satisfies WebFeature;
