import { z } from 'zod';
import { churnRiskReasons } from './accounts.ts';
import { id, isoDate, isoDateOut, isoDateTimeOut, listQuery } from './common.ts';

export const timelineKinds = [
  'activity',
  'meeting',
  'contract',
  'opportunity',
  'issue',
  'feedback',
  'health',
  'account',
  'playbook',
  'project',
  'deliverable',
  'client_request',
  'engagement',
] as const;

export const timelineItem = z.object({
  id,
  at: isoDateTimeOut,
  kind: z.enum(timelineKinds),
  action: z.string(),
  title: z.string(),
  actorId: id.nullable(),
  ref: z.object({ type: z.string(), id: z.string() }),
});
export type TimelineItem = z.infer<typeof timelineItem>;

export const timelineQuery = listQuery.extend({
  /** Comma-separated kinds, e.g. `activity,meeting`. */
  kinds: z
    .string()
    .max(200)
    .transform((s) =>
      s
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(timelineKinds)))
    .optional(),
});

export const searchHit = z.object({
  type: z.enum(['account', 'contact', 'opportunity']),
  id,
  title: z.string(),
  subtitle: z.string().nullable(),
  accountId: id,
});
export const searchQuery = z.strictObject({ q: z.string().trim().min(1).max(200) });

export const agendaKinds = [
  'check_in_overdue',
  'meeting',
  'task',
  'renewal',
  'at_risk',
  'issue_sla',
  'next_step_due',
  'deliverable_due',
  'client_request_overdue',
  'project_off_track',
] as const;
export const agendaItem = z.object({
  kind: z.enum(agendaKinds),
  accountId: id.nullable(),
  accountName: z.string().nullable(),
  title: z.string(),
  dueDate: isoDateOut,
  arr: z.number(),
  ref: z.object({ type: z.string(), id }),
  churnRiskReasons: churnRiskReasons.optional().describe('at_risk items: why the churn risk is high'),
});
export type AgendaItem = z.infer<typeof agendaItem>;
export const agendaQuery = z.strictObject({ date: isoDate.optional(), userId: id.optional() });
