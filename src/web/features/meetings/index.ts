import type { WebFeature } from '../feature.ts';
import { MeetingsTab } from './MeetingsTab.tsx';

// The meetings feature's public surface: its account-page tab, and the meeting queries and labels
// the overview, the timeline and My day use.
export const feature = {
  accountTab: { key: 'meetings', label: 'Meetings', order: 40, component: MeetingsTab },
} satisfies WebFeature;

export { meetingKindLabels, meetingStatusLabels } from './labels.ts';
export { accountMeetingsQuery, meetingsBetweenQuery } from './meetings.api.ts';
