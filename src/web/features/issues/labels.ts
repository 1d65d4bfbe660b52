import { isDone } from '../../../core/rules/sla.ts';
import type {
  internalTeams,
  issueSeverities,
  issueStatuses,
  updateVisibilities,
} from '../../../core/schemas/health.ts';

export type Severity = (typeof issueSeverities)[number];
export type IssueStatus = (typeof issueStatuses)[number];
export type InternalTeam = (typeof internalTeams)[number];
export type Visibility = (typeof updateVisibilities)[number];

export const severityLabels: Record<Severity, string> = {
  p1: 'P1 · Critical',
  p2: 'P2 · High',
  p3: 'P3 · Medium',
  p4: 'P4 · Low',
};
export const severityColors: Record<Severity, string> = { p1: 'red', p2: 'orange', p3: 'yellow', p4: 'gray' };

export const statusLabels: Record<IssueStatus, string> = {
  new: 'New',
  triaged: 'Triaged',
  in_progress: 'In progress',
  waiting_on_client: 'Waiting on client',
  resolved: 'Resolved',
  closed: 'Closed',
};
export const statusColors: Record<IssueStatus, string> = {
  new: 'blue',
  triaged: 'indigo',
  in_progress: 'violet',
  waiting_on_client: 'orange',
  resolved: 'green',
  closed: 'gray',
};

export const teamLabels: Record<InternalTeam, string> = {
  engineering: 'Engineering',
  product: 'Product',
  finance: 'Finance',
  support: 'Support',
  legal: 'Legal',
  operations: 'Operations',
  other: 'Other',
};

export const visibilityLabels: Record<Visibility, string> = {
  internal: 'Internal',
  client: 'Client-visible',
};
export const visibilityColors: Record<Visibility, string> = { internal: 'gray', client: 'teal' };

const options = <K extends string>(labels: Record<K, string>) =>
  (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
export const severityOptions = options(severityLabels);
export const statusOptions = options(statusLabels);
export const teamOptions = options(teamLabels);

export const isOpenStatus = (s: IssueStatus) => !isDone(s);
