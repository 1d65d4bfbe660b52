// The one list of features: it drives the app's routes, the tables, the jobs and the reactions to
// domain events. Adding a feature is its own folder plus one line here (docs/architecture.md).
import type { Feature } from '../feature.ts';
import { accountsFeature } from './accounts/index.ts';
import { activitiesFeature } from './activities/index.ts';
import { agendaFeature } from './agenda/index.ts';
import { apiKeysFeature } from './api-keys/index.ts';
import { arrMovementFeature } from './arr-movement/index.ts';
import { auditFeature } from './audit/index.ts';
import { backupFeature } from './backup/index.ts';
import { calendarFeature } from './calendar/index.ts';
import { contactsFeature } from './contacts/index.ts';
import { contractsFeature } from './contracts/index.ts';
import { exportsFeature } from './exports/index.ts';
import { feedbackFeature } from './feedback/index.ts';
import { forecastFeature } from './forecast/index.ts';
import { healthFeature } from './health/index.ts';
import { importsFeature } from './imports/index.ts';
import { issuesFeature } from './issues/index.ts';
import { mailFeature } from './mail/index.ts';
import { meetingsFeature } from './meetings/index.ts';
import { notificationsFeature } from './notifications/index.ts';
import { opportunitiesFeature } from './opportunities/index.ts';
import { playbooksFeature } from './playbooks/index.ts';
import { productsFeature } from './products/index.ts';
import { projectsFeature } from './projects/index.ts';
import { quotasFeature } from './quotas/index.ts';
import { renewalsFeature } from './renewals/index.ts';
import { searchFeature } from './search/index.ts';
import { settingsFeature } from './settings/index.ts';
import { setupFeature } from './setup/index.ts';
import { systemFeature } from './system/index.ts';
import { tasksFeature } from './tasks/index.ts';
import { teamReportFeature } from './team-report/index.ts';
import { teamsFeature } from './teams/index.ts';
import { timelineFeature } from './timeline/index.ts';
import { usersFeature } from './users/index.ts';
import { vendorsFeature } from './vendors/index.ts';
import { webhooksFeature } from './webhooks/index.ts';
import { workloadFeature } from './workload/index.ts';

/** In order: routes register, and reactions to one event run, in this order. */
export const features: readonly Feature[] = [
  systemFeature,
  setupFeature,
  settingsFeature,
  usersFeature,
  teamsFeature,
  apiKeysFeature,
  auditFeature,
  accountsFeature,
  contactsFeature,
  activitiesFeature,
  meetingsFeature,
  productsFeature,
  contractsFeature,
  opportunitiesFeature,
  quotasFeature,
  forecastFeature,
  arrMovementFeature,
  renewalsFeature,
  teamReportFeature,
  tasksFeature,
  projectsFeature,
  vendorsFeature,
  workloadFeature,
  agendaFeature,
  timelineFeature,
  searchFeature,
  healthFeature,
  issuesFeature,
  feedbackFeature,
  importsFeature,
  backupFeature,
  exportsFeature,
  mailFeature,
  calendarFeature,
  webhooksFeature,
  notificationsFeature,
  playbooksFeature,
];
