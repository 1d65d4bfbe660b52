import { z } from 'zod';
import {
  freeText,
  id,
  isoDate,
  isoDateOut,
  isoDateTime,
  isoDateTimeOut,
  listQuery,
  name,
  versioned,
} from './common.ts';

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

// Contacts
export const contactRoles = ['decision_maker', 'champion', 'influencer', 'user', 'billing', 'other'] as const;
export const contactWrite = z.strictObject({
  accountId: id,
  firstName: optionalText(200),
  lastName: optionalText(200),
  email: z.email().max(254).toLowerCase().nullable().optional(),
  phone: optionalText(50),
  title: optionalText(200),
  role: z.enum(contactRoles).nullable().optional(),
  isPrimary: z.boolean().optional(),
  notes: freeText.nullable().optional(),
});
export const contactPatch = contactWrite.omit({ accountId: true }).partial();
export const contact = versioned({
  accountId: id,
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  title: z.string().nullable(),
  role: z.enum(contactRoles).nullable(),
  isPrimary: z.boolean(),
  notes: z.string().nullable(),
  lastContactedAt: isoDateTimeOut.nullable(),
});
export type Contact = z.infer<typeof contact>;
export const contactsQuery = listQuery.extend({
  accountId: id.optional(),
  q: z.string().trim().min(1).max(200).optional(),
});

// Activities
export const activityTypes = ['call', 'email', 'meeting', 'note', 'check_in', 'business_review'] as const;
/** The activity types that count as touching the account (they move `lastTouchAt`). */
export const touchTypes = ['call', 'email', 'meeting', 'check_in', 'business_review'] as const;
export const sentiments = ['positive', 'neutral', 'negative'] as const;
export const activityWrite = z.strictObject({
  accountId: id,
  type: z.enum(activityTypes),
  subject: name,
  body: freeText.nullable().optional(),
  occurredAt: isoDateTime.optional(),
  contactIds: z.array(id).max(1000).optional(),
  sentiment: z.enum(sentiments).nullable().optional(),
});
export const activityPatch = activityWrite.omit({ accountId: true }).partial();
export const activity = versioned({
  accountId: id,
  type: z.enum(activityTypes),
  subject: z.string(),
  body: z.string().nullable(),
  occurredAt: isoDateTimeOut,
  contactIds: z.array(id),
  sentiment: z.enum(sentiments).nullable(),
  userId: id.nullable(),
  meetingId: id.nullable(),
});
export type Activity = z.infer<typeof activity>;
export const activitiesQuery = listQuery.extend({
  accountId: id.optional(),
  userId: id.optional(),
  type: z.enum(activityTypes).optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
});

// Meetings
export const meetingKinds = ['check_in', 'business_review', 'kickoff', 'other'] as const;
export const meetingStatuses = ['scheduled', 'completed', 'cancelled', 'missed'] as const;
export const meetingWrite = z.strictObject({
  accountId: id,
  kind: z.enum(meetingKinds),
  title: name,
  scheduledAt: isoDateTime,
  durationMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .optional(),
  agenda: freeText.nullable().optional(),
  contactIds: z.array(id).max(1000).optional(),
  userIds: z.array(id).max(1000).optional(),
  status: z.enum(meetingStatuses).optional(),
});
export const meetingPatch = meetingWrite.omit({ accountId: true }).partial();
export const meetingComplete = z.strictObject({
  notes: freeText.nullable().optional(),
  sentiment: z.enum(sentiments).nullable().optional(),
});
export const meeting = versioned({
  accountId: id,
  kind: z.enum(meetingKinds),
  title: z.string(),
  scheduledAt: isoDateTimeOut,
  durationMinutes: z.number().int(),
  agenda: z.string().nullable(),
  contactIds: z.array(id),
  userIds: z.array(id),
  status: z.enum(meetingStatuses),
  notes: z.string().nullable(),
  activityId: id.nullable(),
});
export type Meeting = z.infer<typeof meeting>;
export const meetingsQuery = listQuery.extend({
  accountId: id.optional(),
  userId: id.optional(),
  status: z.enum(meetingStatuses).optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
});

// Tasks
export const taskStatuses = ['open', 'in_progress', 'done', 'cancelled'] as const;
export const taskPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export const taskWrite = z.strictObject({
  title: name,
  description: freeText.nullable().optional(),
  accountId: id.nullable().optional(),
  opportunityId: id.nullable().optional(),
  issueId: id.nullable().optional(),
  assigneeId: id.optional(),
  dueDate: isoDate.nullable().optional(),
  status: z.enum(taskStatuses).optional(),
  priority: z.enum(taskPriorities).optional(),
  effortPoints: z.number().int().min(1).max(40).optional(),
});
export const taskPatch = taskWrite.partial();
export const task = versioned({
  title: z.string(),
  description: z.string().nullable(),
  accountId: id.nullable(),
  opportunityId: id.nullable(),
  issueId: id.nullable(),
  assigneeId: id,
  dueDate: isoDateOut.nullable(),
  status: z.enum(taskStatuses),
  priority: z.enum(taskPriorities),
  effortPoints: z.number().int(),
  source: z.enum(['manual', 'automation']),
  completedAt: isoDateTimeOut.nullable(),
  createdById: id.nullable(),
});
export type Task = z.infer<typeof task>;
export const tasksQuery = listQuery.extend({
  assigneeId: id.optional(),
  accountId: id.optional(),
  status: z.enum(taskStatuses).optional(),
  dueBefore: isoDate.optional(),
});
