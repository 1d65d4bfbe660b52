export const issueSeverities = ['p1', 'p2', 'p3', 'p4'] as const;
export const issueStatuses = [
  'new',
  'triaged',
  'in_progress',
  'waiting_on_client',
  'resolved',
  'closed',
] as const;
export const internalTeams = [
  'engineering',
  'product',
  'finance',
  'support',
  'legal',
  'operations',
  'other',
] as const;
export const updateVisibilities = ['internal', 'client'] as const;
export const feedbackStatuses = ['new', 'under_review', 'planned', 'shipped', 'declined'] as const;
