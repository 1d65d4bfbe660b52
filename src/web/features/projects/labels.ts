import type {
  clientRequestKinds,
  clientRequestStatuses,
  DeliverableStatus,
  DeliveryStatus,
  engagementStatuses,
  projectKinds,
  projectStatuses,
  reviewers,
  reviewOutcomes,
} from '../../../core/schemas/delivery.ts';

export type ProjectKind = (typeof projectKinds)[number];
export type ProjectStatus = (typeof projectStatuses)[number];
export type ClientRequestKind = (typeof clientRequestKinds)[number];
export type ClientRequestStatus = (typeof clientRequestStatuses)[number];
export type EngagementStatus = (typeof engagementStatuses)[number];
export type ReviewOutcome = (typeof reviewOutcomes)[number];
export type Reviewer = (typeof reviewers)[number];
export type { DeliverableStatus, DeliveryStatus };

export const kindLabels: Record<ProjectKind, string> = {
  project: 'Project',
  campaign: 'Campaign',
  retainer: 'Retainer',
};

export const projectStatusLabels: Record<ProjectStatus, string> = {
  planning: 'Planning',
  active: 'Active',
  on_hold: 'On hold',
  completed: 'Completed',
  cancelled: 'Cancelled',
};
export const projectStatusColors: Record<ProjectStatus, string> = {
  planning: 'gray',
  active: 'blue',
  on_hold: 'orange',
  completed: 'green',
  cancelled: 'dark',
};

export const deliveryLabels: Record<DeliveryStatus, string> = {
  on_track: 'On track',
  at_risk: 'At risk',
  off_track: 'Off track',
};
export const deliveryColors: Record<DeliveryStatus, string> = {
  on_track: 'green',
  at_risk: 'yellow',
  off_track: 'red',
};

export const deliverableStatusLabels: Record<DeliverableStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  internal_review: 'Internal review',
  client_review: 'Client review',
  changes_requested: 'Changes requested',
  approved: 'Approved',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
};
export const deliverableStatusColors: Record<DeliverableStatus, string> = {
  not_started: 'gray',
  in_progress: 'blue',
  internal_review: 'violet',
  client_review: 'grape',
  changes_requested: 'orange',
  approved: 'teal',
  delivered: 'green',
  cancelled: 'dark',
};
/** Statuses a deliverable is done in: not late, not counted as work to do. */
export const isDoneDeliverable = (s: DeliverableStatus) =>
  s === 'approved' || s === 'delivered' || s === 'cancelled';

export const requestKindLabels: Record<ClientRequestKind, string> = {
  asset: 'Asset',
  access: 'Access',
  approval: 'Approval',
  information: 'Information',
};
export const requestStatusLabels: Record<ClientRequestStatus, string> = {
  requested: 'Requested',
  received: 'Received',
  cancelled: 'Cancelled',
};
export const requestStatusColors: Record<ClientRequestStatus, string> = {
  requested: 'blue',
  received: 'green',
  cancelled: 'gray',
};

export const engagementStatusLabels: Record<EngagementStatus, string> = {
  proposed: 'Proposed',
  contracted: 'Contracted',
  in_progress: 'In progress',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
};
export const engagementStatusColors: Record<EngagementStatus, string> = {
  proposed: 'gray',
  contracted: 'indigo',
  in_progress: 'blue',
  delivered: 'green',
  cancelled: 'dark',
};

export const outcomeLabels: Record<ReviewOutcome, string> = {
  approved: 'Approved',
  changes_requested: 'Changes requested',
};
export const reviewerLabels: Record<Reviewer, string> = { internal: 'Internal', client: 'Client' };

const options = <K extends string>(labels: Record<K, string>) =>
  (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
export const kindOptions = options(kindLabels);
export const projectStatusOptions = options(projectStatusLabels);
export const deliverableStatusOptions = options(deliverableStatusLabels);
export const requestKindOptions = options(requestKindLabels);
export const engagementStatusOptions = options(engagementStatusLabels);

/** A ratio (0.4567) as a whole percentage ("46%"), or a dash when there is none. */
export const percent = (r: number | null | undefined) =>
  r === null || r === undefined ? '—' : `${Math.round(r * 100)}%`;
