import type { WebFeature } from '../feature.ts';
import { TimelineTab } from './TimelineTab.tsx';

// The account timeline: everything that happened on an account, as an account-page tab.
export const feature = {
  accountTab: { key: 'timeline', label: 'Timeline', order: 10, component: TimelineTab },
} satisfies WebFeature;
