import type { feedbackStatuses } from '../../../core/schemas/health.ts';

export type FeedbackStatus = (typeof feedbackStatuses)[number];

export const feedbackStatusLabels: Record<FeedbackStatus, string> = {
  new: 'New',
  under_review: 'Under review',
  planned: 'Planned',
  shipped: 'Shipped',
  declined: 'Declined',
};
export const feedbackStatusColors: Record<FeedbackStatus, string> = {
  new: 'blue',
  under_review: 'violet',
  planned: 'indigo',
  shipped: 'green',
  declined: 'gray',
};
export const feedbackStatusOptions = (Object.keys(feedbackStatusLabels) as FeedbackStatus[]).map((value) => ({
  value,
  label: feedbackStatusLabels[value],
}));
