import { z } from 'zod';
import { id, isoDateTime, isoDateTimeOut, listQuery, name, role, sortParam, version } from './common.ts';

export const password = z
  .string()
  .min(10, 'Use at least 10 characters.')
  .max(128, 'Use at most 128 characters.');
export const email = z
  .email()
  .max(254)
  .transform((e) => e.toLowerCase());

/** A user as every endpoint returns it. */
export const user = z.object({
  id,
  email: z.string(),
  name: z.string(),
  role,
  teamIds: z.array(id),
  active: z.boolean(),
  weeklyCapacityPoints: z.number().int().describe('Effort points the person can take on in a week'),
  createdAt: isoDateTimeOut,
  version,
});
export type User = z.infer<typeof user>;

/** The deployment's currency (`STEWARD_CURRENCY`): an ISO 4217 code, such as `USD`. */
export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/)
  .describe('ISO 4217 code of every money amount (`STEWARD_CURRENCY`, default USD), e.g. "EUR"');

/** `GET /api/v1/me`: the signed-in user, and the currency every amount they see is in. */
export const me = user
  .pick({ id: true, email: true, name: true, role: true, teamIds: true })
  .extend({ currency: currencyCode });
export type Me = z.infer<typeof me>;

export const userCreate = z.strictObject({
  email,
  name,
  role,
  password: password.optional(),
  teamIds: z.array(id).max(1000).optional(),
  active: z.boolean().optional(),
  weeklyCapacityPoints: z
    .number()
    .int()
    .min(0)
    .max(200)
    .optional()
    .describe("Default 20; admins set it, and managers for their teams' members (that field alone)"),
});
export type UserCreate = z.infer<typeof userCreate>;

export const userPatch = userCreate.partial();
export type UserPatch = z.infer<typeof userPatch>;

/** `POST /api/v1/me/password`: the signed-in user changes their own password. */
export const passwordChange = z
  .strictObject({
    currentPassword: z
      .string()
      .min(1, 'Enter your current password.')
      .max(128, 'This is not your current password.'),
    newPassword: password,
  })
  .refine((b) => b.newPassword !== b.currentPassword, {
    path: ['newPassword'],
    message: 'Choose a password other than your current one.',
  });
export type PasswordChange = z.infer<typeof passwordChange>;

/** `POST /api/v1/users/:id/password`: an admin sets a user's password. */
export const passwordReset = z.strictObject({ newPassword: password });
export type PasswordReset = z.infer<typeof passwordReset>;

export const usersQuery = listQuery.extend({
  sort: sortParam(['name', 'email', 'createdAt'], 'name', { paired: true }),
  role: role.optional(),
  teamId: id.optional(),
  active: z.enum(['true', 'false']).optional(),
  q: z.string().max(200).optional(),
});

export const team = z.object({
  id,
  name: z.string(),
  managerIds: z.array(id),
  memberIds: z.array(id),
  version,
});
export type Team = z.infer<typeof team>;

export const teamCreate = z.strictObject({
  name,
  managerIds: z.array(id).max(1000).default([]),
  memberIds: z.array(id).max(1000).default([]),
});
export const teamPatch = z.strictObject({
  name: name.optional(),
  managerIds: z.array(id).max(1000).optional(),
  memberIds: z.array(id).max(1000).optional(),
});

export const setupStatus = z.object({ needed: z.boolean() });
export const setupCreate = z.strictObject({ email, name, password });

export const apiKey = z.object({
  id,
  name: z.string(),
  prefix: z.string(),
  userId: id,
  createdAt: isoDateTimeOut,
  expiresAt: isoDateTimeOut.nullable(),
  lastUsedAt: isoDateTimeOut.nullable(),
});
export type ApiKey = z.infer<typeof apiKey>;
export const apiKeyCreated = apiKey.extend({ key: z.string() });
export const apiKeyCreate = z.strictObject({ name, expiresAt: isoDateTime.optional() });

/** Every action the audit trail records: one closed catalogue, so a typo cannot invent a new one. */
export const auditActions = [
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.sign_out',
  'steward.setup',
  'seed.demo',
  'user.created',
  'user.updated',
  'user.role_changed',
  'user.deactivated',
  'user.reactivated',
  'user.password_changed',
  'user.password_change_failed',
  'user.password_reset',
  'team.created',
  'team.updated',
  'api_key.created',
  'api_key.revoked',
  'import.created',
  'import.started',
  'import.completed',
  'import.cancelled',
  'account.created',
  'account.updated',
  'account.reassigned',
  'account.archived',
  'account.restored',
  'contact.created',
  'contact.updated',
  'contact.deleted',
  'activity.created',
  'activity.updated',
  'activity.deleted',
  'meeting.created',
  'meeting.updated',
  'meeting.completed',
  'meeting.deleted',
  'task.created',
  'task.updated',
  'task.completed',
  'task.deleted',
  'product.created',
  'product.updated',
  'product.deleted',
  'contract.created',
  'contract.updated',
  'contract.renewed',
  'contract.cancelled',
  'contract.expired',
  'contract.deleted',
  'opportunity.created',
  'opportunity.updated',
  'opportunity.stage_changed',
  'opportunity.won',
  'opportunity.lost',
  'opportunity.reopened',
  'opportunity.deleted',
  'quota.created',
  'quota.updated',
  'quota.deleted',
  'health_model.updated',
  'health.signals_pushed',
  'issue.created',
  'issue.updated',
  'issue.resolved',
  'issue.reopened',
  'issue.update_posted',
  'issue.deleted',
  'sla_hours.updated',
  'mail.test_queued',
  'calendar_feed.rotated',
  'feedback.created',
  'feedback.updated',
  'feedback.deleted',
  'notification.read',
  'notification_settings.updated',
  'webhook.created',
  'webhook.updated',
  'webhook.deleted',
  'webhook.secret_rotated',
  'webhook.disabled',
  'webhook.delivery_retried',
  'webhook.tested',
  'playbook.created',
  'playbook.updated',
  'playbook.deleted',
  'playbook.deactivated',
  'project.created',
  'project.updated',
  'project.deleted',
  'deliverable.created',
  'deliverable.updated',
  'deliverable.deleted',
  'deliverable.reviewed',
  'client_request.created',
  'client_request.updated',
  'client_request.deleted',
  'vendor.created',
  'vendor.updated',
  'vendor.deleted',
  'engagement.created',
  'engagement.updated',
  'engagement.deleted',
] as const;
export type AuditAction = (typeof auditActions)[number];

export const actorTypes = ['user', 'api_key', 'system'] as const;
export const auditEntry = z.object({
  id,
  at: isoDateTimeOut,
  actorId: id.nullable(),
  actorType: z.enum(actorTypes),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  changes: z.record(z.string(), z.tuple([z.unknown(), z.unknown()])),
  ip: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntry>;
export const auditQuery = listQuery.extend({
  entityType: z.string().max(100).optional(),
  entityId: z.string().max(100).optional(),
  actorId: id.optional(),
  action: z.string().max(100).optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
});
