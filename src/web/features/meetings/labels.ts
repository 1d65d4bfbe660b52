import type { Meeting } from '../../api.ts';

export type MeetingKind = Meeting['kind'];
export type MeetingStatus = Meeting['status'];

export const meetingKindLabels: Record<MeetingKind, string> = {
  check_in: 'Check-in',
  business_review: 'Business review',
  kickoff: 'Kickoff',
  other: 'Other',
};
export const meetingKindOptions = (Object.keys(meetingKindLabels) as MeetingKind[]).map((value) => ({
  value,
  label: meetingKindLabels[value],
}));
export const meetingStatusLabels: Record<MeetingStatus, string> = {
  scheduled: 'Scheduled',
  completed: 'Completed',
  cancelled: 'Cancelled',
  missed: 'Missed',
};
export const meetingStatusColors: Record<MeetingStatus, string> = {
  scheduled: 'blue',
  completed: 'green',
  cancelled: 'gray',
  missed: 'orange',
};
