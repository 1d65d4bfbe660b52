import { lazyRouteComponent } from '@tanstack/react-router';
import type { WebFeature } from '../feature.ts';

// The meetings feature's public surface: its account-page tab, and the meeting queries and labels
// the overview, the timeline and My day use.
const MeetingsTab = lazyRouteComponent(() => import('./MeetingsTab.tsx'), 'MeetingsTab');

export const feature = {
  accountTab: { key: 'meetings', label: 'Meetings', order: 40, component: MeetingsTab },
} satisfies WebFeature;

export { meetingKindLabels, meetingStatusLabels } from './labels.ts';
export { accountMeetingsQuery, meetingsBetweenQuery } from './meetings.api.ts';
