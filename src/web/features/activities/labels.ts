import {
  IconCalendarEvent,
  IconMail,
  IconMessageCircle,
  IconNote,
  IconPhone,
  IconPresentation,
} from '@tabler/icons-react';
import type { Activity } from '../../api.ts';

export type ActivityType = Activity['type'];
export type Sentiment = NonNullable<Activity['sentiment']>;

/** In the order of the quick-log form. */
export const activityTypes: { value: ActivityType; label: string; icon: typeof IconPhone }[] = [
  { value: 'call', label: 'Call', icon: IconPhone },
  { value: 'email', label: 'Email', icon: IconMail },
  { value: 'check_in', label: 'Check-in', icon: IconMessageCircle },
  { value: 'meeting', label: 'Meeting', icon: IconCalendarEvent },
  { value: 'business_review', label: 'Business review', icon: IconPresentation },
  { value: 'note', label: 'Note', icon: IconNote },
];
export const activityTypeLabel = (t: string): string =>
  activityTypes.find((a) => a.value === t)?.label ?? t.replaceAll('_', ' ');
export const activityTypeIcon = (t: string) => activityTypes.find((a) => a.value === t)?.icon ?? IconNote;

export const sentimentLabels: Record<Sentiment, string> = {
  positive: 'Positive',
  neutral: 'Neutral',
  negative: 'Negative',
};
/** A sentiment as the forms pick it: `none` for not given. */
export type SentimentChoice = Sentiment | 'none';
export const sentimentOptions: { value: SentimentChoice; label: string }[] = [
  { value: 'none', label: '—' },
  ...(Object.keys(sentimentLabels) as Sentiment[]).map((s) => ({ value: s, label: sentimentLabels[s] })),
];
export const sentimentColors: Record<Sentiment, string> = {
  positive: 'green',
  neutral: 'gray',
  negative: 'red',
};
