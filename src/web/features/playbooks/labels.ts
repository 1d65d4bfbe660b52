/** What the builder offers, in words. */

export const triggerLabels: Record<string, string> = {
  'account.created': 'Account created',
  'account.updated': 'Account updated',
  'account.owner_changed': 'Account owner changed',
  'account.archived': 'Account archived',
  'account.unarchived': 'Account restored',
  'health.band_changed': 'Health band changed',
  'health.churn_risk_changed': 'Churn risk changed',
  'contract.created': 'Contract created',
  'contract.updated': 'Contract updated',
  'contract.deleted': 'Contract deleted',
  'contract.renewed': 'Contract renewed',
  'contract.cancelled': 'Contract cancelled',
  'contract.expired': 'Contract expired',
  'renewal.window_entered': 'Renewal within N days',
  'opportunity.created': 'Opportunity created',
  'opportunity.stage_changed': 'Opportunity stage changed',
  'opportunity.won': 'Opportunity won',
  'opportunity.lost': 'Opportunity lost',
  'opportunity.deleted': 'Opportunity deleted',
  'issue.created': 'Issue created',
  'issue.updated': 'Issue updated',
  'issue.status_changed': 'Issue status changed',
  'issue.deleted': 'Issue deleted',
  'issue.breached': 'Issue SLA breached',
  'check_in.overdue': 'Check-in overdue',
  'signal.threshold_crossed': 'Signal crosses a threshold',
  'activity.logged': 'Activity logged',
  'activity.updated': 'Activity updated',
  'activity.deleted': 'Activity deleted',
  'task.assigned': 'Task assigned',
  'product.deleted': 'Product deleted',
  'deliverable.status_changed': 'Deliverable status changed',
  'deliverable.overdue': 'Deliverable overdue',
  'client_request.overdue': 'Client request overdue',
  'invoice.overdue': 'Invoice overdue',
  'project.status_changed': 'Project status changed',
  'campaign.pacing_changed': 'Campaign pacing changed',
};

export const triggerLabel = (event: string) => triggerLabels[event] ?? event;

export const accountFields = [
  { value: 'segment', label: 'Segment' },
  { value: 'lifecycleStage', label: 'Lifecycle stage' },
  { value: 'industry', label: 'Industry' },
  { value: 'arr', label: 'ARR' },
  { value: 'healthBand', label: 'Health band' },
  { value: 'churnRisk', label: 'Churn risk' },
  { value: 'tags', label: 'Tags' },
  { value: 'ownerId', label: 'Owner (user id)' },
];

/** What a condition's value looks like for an account field: the values the server compares with. */
export const conditionValueHints: Record<string, string> = {
  segment: 'enterprise, mid_market or smb',
  lifecycleStage: 'prospect, onboarding, active, at_risk or churned',
  healthBand: 'green, yellow or red',
  churnRisk: 'low, medium or high',
  arr: 'A number, e.g. 50000',
  tags: 'A tag',
};

/** An event field's key (`data.daysLeft`) in words: "Event: days left". */
export function eventFieldLabel(key: string): string {
  const name = key
    .replace(/^data\./, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return `Event: ${name}`;
}

export const lifecycleStageOptions = [
  { value: 'prospect', label: 'Prospect' },
  { value: 'onboarding', label: 'Onboarding' },
  { value: 'active', label: 'Active' },
  { value: 'at_risk', label: 'At risk' },
  { value: 'churned', label: 'Churned' },
];

export const priorityOptions = [
  { value: 'low', label: 'Low' },
  { value: 'normal', label: 'Normal' },
  { value: 'high', label: 'High' },
  { value: 'urgent', label: 'Urgent' },
];

export const conditionOps = [
  { value: 'eq', label: 'is' },
  { value: 'neq', label: 'is not' },
  { value: 'in', label: 'is one of (comma-separated)' },
  { value: 'gt', label: '>' },
  { value: 'gte', label: '≥' },
  { value: 'lt', label: '<' },
  { value: 'lte', label: '≤' },
  { value: 'contains', label: 'contains' },
];

export const actionLabels: Record<string, string> = {
  create_task: 'Create a task',
  notify: 'Notify',
  send_email: 'Send an e-mail',
  set_lifecycle_stage: 'Set the lifecycle stage',
  add_tag: 'Add a tag',
  create_opportunity: 'Create an opportunity',
  call_webhook: 'Call a webhook',
};

export const recipientOptions = [
  { value: 'owner', label: 'The account owner' },
  { value: 'team', label: 'The account team' },
  { value: 'manager', label: 'The owner’s managers' },
  { value: 'user', label: 'A person…' },
];

export const runStatusColors: Record<string, string> = {
  done: 'green',
  skipped: 'gray',
  failed: 'red',
  pending: 'blue',
  retrying: 'orange',
};
