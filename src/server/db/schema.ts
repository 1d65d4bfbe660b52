// Every table, for Drizzle's relational queries and drizzle-kit.
export { authAccounts, sessions, signInAttempts, users, verifications } from '../auth/auth.table.ts';
export { accounts, accountTeamMembers } from '../features/accounts/accounts.table.ts';
export { activities, activityContacts } from '../features/activities/activities.table.ts';
export { apiKeys } from '../features/api-keys/api-keys.table.ts';
export { auditLog } from '../features/audit/audit.table.ts';
export { contacts } from '../features/contacts/contacts.table.ts';
export { contractLines, contracts } from '../features/contracts/contracts.table.ts';
export { feedback } from '../features/feedback/feedback.table.ts';
export { healthCurrent, healthSignals, healthSnapshots } from '../features/health/health.table.ts';
export { issues, issueUpdates } from '../features/issues/issues.table.ts';
export { meetingContacts, meetings, meetingUsers } from '../features/meetings/meetings.table.ts';
export { opportunities } from '../features/opportunities/opportunities.table.ts';
export { products } from '../features/products/products.table.ts';
export { quotas } from '../features/quotas/quotas.table.ts';
export { settings } from '../features/settings/settings.table.ts';
export { tasks } from '../features/tasks/tasks.table.ts';
export { teamMemberships, teams } from '../features/teams/teams.table.ts';
export { idempotencyKeys } from '../http/idempotency.table.ts';
