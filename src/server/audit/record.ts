/**
 * The audit trail's writer: every write records its entries here, with the domain events it
 * raises, in its own transaction. The trail is read by the audit feature (GET /api/v1/audit).
 */
import { sql } from 'drizzle-orm';
import type { NewEvent } from '../../core/events.ts';
import type { AuditAction } from '../../core/schemas/people.ts';
import { type Actor, auditActor } from '../auth/actor.ts';
import type { WriteContext } from '../auth/context.ts';
import { jsonParam, newIds } from '../db/bulk.ts';
import type { Db } from '../db/index.ts';
import { writeEvents } from '../events/outbox.ts';
import { auditLog, type Changes } from './audit.table.ts';

/** Fields never written to the trail, whatever the entity. */
const secretFields = new Set(['password', 'hash', 'key', 'token', 'secret']);

/** `{ field: [before, after] }` for the fields that differ; secrets show only that they changed. */
export function diff(before: Record<string, unknown> | null, after: Record<string, unknown> | null): Changes {
  const changes: Changes = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    if (key === 'id' || key === 'version' || key === 'updatedAt' || key === 'createdAt') continue;
    const a = normalise(before?.[key]);
    const b = normalise(after?.[key]);
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    changes[key] = secretFields.has(key) ? ['(secret)', '(changed)'] : [a, b];
  }
  return changes;
}

function normalise(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return [...v].sort();
  return v ?? null;
}

export interface AuditInput {
  action: AuditAction;
  entityType: string;
  entityId?: string | null;
  accountId?: string | null;
  changes?: Changes;
  ip?: string | null;
  subject?: string | null;
}

/** Writes one entry; call it with the transaction of the write it records. */
export async function record(
  db: Db,
  actor: Pick<Actor, 'userId' | 'via'> | null,
  input: AuditInput,
): Promise<void> {
  await recordMany(db, actor, [input]);
}

/**
 * Writes many entries in one statement (bulk work such as the renewal sweep or an import's batch):
 * the rows travel as one JSON parameter, whatever their number. Same rules as `record`.
 */
export async function recordMany(
  db: Db,
  actor: Pick<Actor, 'userId' | 'via'> | null,
  inputs: AuditInput[],
): Promise<void> {
  if (!inputs.length) return;
  const who = auditActor(actor);
  const ids = newIds(inputs.length);
  const rows = inputs.map((input, i) => ({
    id: ids[i],
    actor_id: who.actorId,
    actor_type: who.actorType,
    action: input.action,
    entity_type: input.entityType,
    entity_id: input.entityId ?? null,
    account_id: input.accountId ?? null,
    changes: input.changes ?? {},
    ip: input.ip ?? null,
    subject: input.subject ?? null,
  }));
  await db.execute(sql`
    insert into ${auditLog} (id, actor_id, actor_type, action, entity_type, entity_id, account_id, changes, ip, subject)
    select id, actor_id, actor_type, action, entity_type, entity_id, account_id, changes, ip, subject
    from jsonb_to_recordset(${jsonParam(rows)}::jsonb) as r(id uuid, actor_id uuid,
      actor_type text, action text, entity_type text, entity_id text, account_id uuid, changes jsonb, ip text,
      subject text)`);
}

/**
 * Records a write: its audit entries and the domain events it raises, in the write's transaction,
 * where the features' reactions to those events run too. An event is never recorded without its
 * change, nor kept when the change rolls back.
 */
export async function recordWrite(
  tx: Db,
  ctx: WriteContext<Actor | null>,
  entries: AuditInput[],
  events: readonly NewEvent[] = [],
): Promise<void> {
  await recordMany(
    tx,
    ctx.actor,
    entries.map((e) => ({ ip: ctx.ip, subject: ctx.origin ?? null, ...e })),
  );
  await writeEvents(tx, ctx, events);
}

/**
 * Records a create (before null), change, or delete (after null) of an account-owned record, with
 * the fields that changed, and the events the write raises.
 */
export async function recordChange<T extends { id: string; accountId: string | null }>(
  tx: Db,
  ctx: WriteContext<Actor | null>,
  entityType: string,
  action: AuditAction,
  before: T | null,
  after: T | null,
  events: readonly NewEvent[] = [],
): Promise<void> {
  const subject = (after ?? before)!;
  await recordWrite(
    tx,
    ctx,
    [
      {
        action,
        entityType,
        entityId: subject.id,
        accountId: subject.accountId,
        changes: diff(before, after),
      },
    ],
    events,
  );
}
