import type { WebFeature } from '../feature.ts';
import { ActivitiesTab } from './ActivitiesTab.tsx';

// The activities feature's public surface: its account-page tab, and the labels, sentiment picker
// and query keys of logged touches that other features use.
export const feature = {
  accountTab: { key: 'activities', label: 'Activities', order: 30, component: ActivitiesTab },
} satisfies WebFeature;

export { activityKeys } from './activities.api.ts';
export { activityTypeIcon, activityTypeLabel, type SentimentChoice } from './labels.ts';
export { SentimentPicker } from './SentimentPicker.tsx';
