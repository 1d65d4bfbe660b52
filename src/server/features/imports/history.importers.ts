/**
 * Contracts, activities and signals from a file: history, brought in as it was. The API's
 * schemas and rules validate each row; what other features derive from them (an account's ARR
 * and renewal date, its last touch, its health) they keep on the batch's `import.rows_written`.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { signalWrite } from '../../../core/schemas/health.ts';
import { activityWrite } from '../../../core/schemas/relationship.ts';
import { contractPatch, contractWrite } from '../../../core/schemas/revenue.ts';
import { contractStatuses } from '../../../core/schemas/revenue-values.ts';
import { activities } from '../activities/index.ts';
import { assertTerm, contracts } from '../contracts/index.ts';
import { healthSignals } from '../health/index.ts';
import { validate, validateRow } from './importer.ts';
import { pick, recordImporter, ruleErrors } from './records.ts';

/** A contract's row: the API's, with the statuses history has (renewed, expired, cancelled). */
const status = z.enum(contractStatuses).optional();
const contractSchemas = {
  write: contractWrite.omit({ lines: true }).extend({ status }),
  patch: contractPatch.omit({ lines: true }).extend({ status }),
};
const contractFields = [
  'name',
  'startDate',
  'endDate',
  'arr',
  'autoRenew',
  'upliftPercent',
  'renewalWindowDays',
  'status',
] as const;

export const contractsImporter = recordImporter({
  table: contracts,
  entityType: 'contract',
  audit: { created: 'contract.created', updated: 'contract.updated' },
  externalIds: true,
  fields: contractFields,
  naturalKey: (v) => (typeof v.name === 'string' ? v.name.trim().toLowerCase() : null),
  naturalSql: sql`lower(name)`,
  build(p, ctx, accountId, match) {
    const input = pick(p.values, contractFields);
    const checked = validateRow(contractSchemas, input, ctx, { match, accountId });
    if (!checked.ok) return { errors: checked.errors };
    const c = checked.value;
    const start = (c.startDate ?? match?.startDate) as string;
    const end = (c.endDate ?? match?.endDate) as string;
    try {
      assertTerm(start, end);
    } catch (err) {
      return { errors: ruleErrors(err, ctx) };
    }
    const status = (c.status ?? match?.status ?? 'active') as string;
    // A contract imported as cancelled ended on its end date: notice given, nothing after it.
    const cancelled =
      status === 'cancelled' && !match?.cancelledOn
        ? { cancelledOn: end, cancelReason: 'Imported as cancelled' }
        : {};
    if (match) return { values: { ...c, ...cancelled } };
    return {
      values: {
        name: c.name,
        startDate: start,
        endDate: end,
        arr: c.arr ?? 0,
        autoRenew: c.autoRenew ?? false,
        upliftPercent: c.upliftPercent ?? 0,
        renewalWindowDays: c.renewalWindowDays ?? 120,
        status,
        ...cancelled,
        createdById: ctx.actor.userId,
      },
    };
  },
});

const activityFields = ['type', 'subject', 'body', 'occurredAt', 'sentiment'] as const;
const importedActivity = activityWrite.omit({ contactIds: true });
const activitySchemas = {
  write: importedActivity,
  patch: importedActivity.omit({ accountId: true }).partial(),
};

export const activitiesImporter = recordImporter({
  table: activities,
  entityType: 'activity',
  audit: { created: 'activity.created', updated: 'activity.updated' },
  externalIds: true,
  fields: activityFields,
  // The same activity: same type, subject and moment on the account.
  naturalKey: (v) =>
    typeof v.subject === 'string' && typeof v.occurredAt === 'string'
      ? `${v.type ?? ''}|${v.subject.trim().toLowerCase()}|${v.occurredAt}`
      : null,
  naturalSql: sql`type || '|' || lower(subject) || '|' || to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  build(p, ctx, accountId, match) {
    const input = pick(p.values, activityFields);
    const checked = validateRow(activitySchemas, input, ctx, { match, accountId });
    if (!checked.ok) return { errors: checked.errors };
    const a = checked.value;
    const occurredAt = a.occurredAt === undefined ? undefined : new Date(a.occurredAt as string);
    if (match) return { values: { ...a, ...(occurredAt ? { occurredAt } : {}) } };
    return {
      values: {
        type: a.type,
        subject: a.subject,
        body: a.body ?? null,
        occurredAt,
        sentiment: a.sentiment ?? null,
        userId: ctx.actor.userId,
      },
    };
  },
});

const signalFields = ['metric', 'value', 'recordedAt'] as const;

export const signalsImporter = recordImporter({
  table: healthSignals,
  entityType: 'health_signal',
  audit: { created: 'health.signals_pushed', updated: 'health.signals_pushed' },
  externalIds: false,
  fields: signalFields,
  // One value per metric and moment: a re-import changes or keeps it.
  naturalKey: (v) =>
    typeof v.metric === 'string' && typeof v.recordedAt === 'string' ? `${v.metric}|${v.recordedAt}` : null,
  naturalSql: sql`metric || '|' || to_char(recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  build(p, ctx, accountId) {
    const checked = validate(signalWrite, { ...pick(p.values, signalFields), accountId }, ctx, {
      accountId: 'account',
    });
    if (!checked.ok) return { errors: checked.errors };
    const s = checked.value;
    return { values: { metric: s.metric, value: s.value, recordedAt: new Date(s.recordedAt) } };
  },
});
