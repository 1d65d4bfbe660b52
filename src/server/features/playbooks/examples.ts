import type { PlaybookWrite } from '../../../core/schemas/playbooks.ts';

/** Ready playbooks an admin enables with one click: each becomes one playbook at most. */
export interface PlaybookExampleDef extends PlaybookWrite {
  key: string;
  description: string;
}

export const playbookExamples: readonly PlaybookExampleDef[] = [
  {
    key: 'red-health',
    name: 'Red health → task for the owner and notify the manager',
    description:
      "When an account's health turns red, its owner gets a task to call the client within two days and the owner's managers are told.",
    trigger: { event: 'health.band_changed' },
    conditions: [{ field: 'data.to', op: 'eq', value: 'red' }],
    actions: [
      {
        type: 'create_task',
        title: 'Call {{account.name}}: health turned red',
        assignTo: 'owner',
        dueInDays: 2,
        priority: 'high',
        effortPoints: 2,
      },
      {
        type: 'notify',
        to: 'manager',
        message: "{{account.name}} ({{account.owner.name}}'s account) turned red.",
      },
    ],
    enrolment: 'every_time',
  },
  {
    key: 'renewal-90',
    name: 'Renewal in 90 days → prepare-renewal task and notify',
    description:
      "When a contract comes within 90 days of its end, the account's owner gets a task to prepare the renewal and a notification.",
    trigger: { event: 'renewal.window_entered', params: { days: 90 } },
    conditions: [],
    actions: [
      {
        type: 'create_task',
        title: 'Prepare the renewal of {{account.name}} (ends {{event.data.endDate}})',
        assignTo: 'owner',
        dueInDays: 14,
        priority: 'normal',
        effortPoints: 3,
      },
      {
        type: 'notify',
        to: 'owner',
        message:
          "{{account.name}}'s contract ends on {{event.data.endDate}}: {{event.data.daysLeft}} days left.",
      },
    ],
    enrolment: 'every_time',
  },
  {
    key: 'p1-breached',
    name: 'SLA breached on a P1 → notify the team and the manager',
    description:
      "When a P1 issue passes its SLA unresolved, the account's team and the owner's managers are told.",
    trigger: { event: 'issue.breached' },
    conditions: [{ field: 'data.severity', op: 'eq', value: 'p1' }],
    actions: [
      {
        type: 'notify',
        to: 'team',
        message: 'A P1 issue on {{account.name}} breached its SLA ({{event.data.slaDueAt}}).',
      },
      {
        type: 'notify',
        to: 'manager',
        message: 'A P1 issue on {{account.name}} breached its SLA ({{event.data.slaDueAt}}).',
      },
    ],
    enrolment: 'every_time',
  },
];
