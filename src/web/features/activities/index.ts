import { lazyRouteComponent } from '@tanstack/react-router';
import type { WebFeature } from '../feature.ts';

// The activities feature's public surface: its account-page tab, and the labels, sentiment picker
// and query keys of logged touches that other features use.
const ActivitiesTab = lazyRouteComponent(() => import('./ActivitiesTab.tsx'), 'ActivitiesTab');

export const feature = {
  accountTab: { key: 'activities', label: 'Activities', order: 30, component: ActivitiesTab },
} satisfies WebFeature;

export { activityKeys } from './activities.api.ts';
export { activityTypeIcon, activityTypeLabel, type SentimentChoice } from './labels.ts';
export { SentimentPicker } from './SentimentPicker.tsx';
