import { sql } from 'drizzle-orm';
import { AppError, type FieldError } from '../../../core/errors.ts';
import { type EventType, eventData } from '../../../core/events.ts';
import { isConditionField } from '../../../core/rules/playbook-conditions.ts';
import { unknownPlaceholders } from '../../../core/rules/playbook-placeholders.ts';
import { renewalParams, thresholdParams } from '../../../core/schemas/playbooks.ts';
import { type Db, rawRows } from '../../db/index.ts';
import type { StoredAction, StoredCondition, StoredTrigger } from './playbooks.table.ts';

/** The keys of an event type's data: what `data.*` conditions and `{{event.*}}` may name. */
export function dataKeys(event: string): string[] {
  const schema = eventData[event as EventType];
  return schema ? Object.keys(schema.shape) : [];
}

/** The texts of each action type that may hold placeholders. */
export const textFields: Record<string, readonly string[]> = {
  create_task: ['title'],
  notify: ['message'],
  send_email: ['subject', 'body'],
  create_opportunity: ['name'],
};

const uuidLike = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * What the schema cannot check alone: the trigger's params for its event, the condition fields,
 * the placeholders (each unknown one a 400 naming its field, `actions.1.message`), and that the
 * users and webhooks the actions name exist.
 */
export async function validatePlaybook(
  tx: Db,
  p: { trigger: StoredTrigger; conditions: StoredCondition[]; actions: StoredAction[] },
): Promise<void> {
  const errors: FieldError[] = [];
  const { event } = p.trigger;
  const params = p.trigger.params ?? null;
  if (event === 'signal.threshold_crossed' || event === 'renewal.window_entered') {
    const schema = event === 'renewal.window_entered' ? renewalParams : thresholdParams;
    const parsed = schema.safeParse(params ?? undefined);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = ['trigger', 'params', ...issue.path.map(String)].join('.');
        errors.push({ path, message: issue.message });
      }
    }
  } else if (params && Object.keys(params).length) {
    errors.push({ path: 'trigger.params', message: `takes no parameters for ${event}` });
  }
  const keys = dataKeys(event);
  p.conditions.forEach((c, i) => {
    if (!isConditionField(c.field)) {
      errors.push({
        path: `conditions.${i}.field`,
        message:
          'must be an account field (segment, lifecycleStage, industry, arr, healthBand, churnRisk, tags, ownerId) or data.<key> of the event',
      });
    } else if (c.field.startsWith('data.') && !keys.includes(c.field.slice(5).split('.')[0]!)) {
      errors.push({
        path: `conditions.${i}.field`,
        message: `is not in the data of ${event} (${keys.join(', ') || 'none'})`,
      });
    }
    if (c.op === 'in' && !Array.isArray(c.value)) {
      errors.push({ path: `conditions.${i}.value`, message: 'must be a list for in' });
    }
  });
  const userIds = new Map<string, string>();
  const webhookIds = new Map<string, string>();
  p.actions.forEach((a, i) => {
    for (const field of textFields[a.type] ?? []) {
      const text = a[field];
      if (typeof text !== 'string') continue;
      const unknown = unknownPlaceholders(text, keys);
      if (unknown.length) {
        errors.push({
          path: `actions.${i}.${field}`,
          message: `has unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `{{${u}}}`).join(', ')}`,
        });
      }
    }
    for (const field of ['assignTo', 'to']) {
      const who = a[field];
      if (typeof who === 'string' && uuidLike.test(who)) userIds.set(`actions.${i}.${field}`, who);
    }
    if (a.type === 'call_webhook') webhookIds.set(`actions.${i}.webhookId`, String(a.webhookId));
  });
  if (userIds.size) {
    const ids = [...new Set(userIds.values())];
    const found = await rawRows<{ id: string }>(
      tx,
      sql`select id from users where id = any(${sql.param(ids)}::uuid[]) and active`,
    );
    const ok = new Set(found.map((r) => r.id));
    for (const [path, id] of userIds)
      if (!ok.has(id)) errors.push({ path, message: 'is not an active user' });
  }
  if (webhookIds.size) {
    const ids = [...new Set(webhookIds.values())];
    const found = await rawRows<{ id: string }>(
      tx,
      sql`select id from webhooks where id = any(${sql.param(ids)}::uuid[])`,
    );
    const ok = new Set(found.map((r) => r.id));
    for (const [path, id] of webhookIds)
      if (!ok.has(id)) errors.push({ path, message: 'is not a webhook endpoint' });
  }
  if (errors.length) {
    throw new AppError('validation', `The playbook is not valid: ${errors[0]!.path} ${errors[0]!.message}.`, {
      errors,
    });
  }
}
