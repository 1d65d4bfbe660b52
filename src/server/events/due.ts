import { sql } from 'drizzle-orm';
import type { NewEvent } from '../../core/events.ts';
import type { Actor } from '../auth/actor.ts';
import type { WriteContext } from '../auth/context.ts';
import { jsonParam } from '../db/bulk.ts';
import { type Db, rawRows } from '../db/index.ts';
import { emittedEvents } from './outbox.table.ts';
import { writeEvents } from './outbox.ts';

/** A time-based event found due, with the entity and the moment that make it one of a kind. */
export interface DueEvent {
  entityId: string;
  due: string;
  event: NewEvent;
}

/**
 * Emits the events found due that were not emitted before, in the caller's transaction: each
 * (type, entity, due moment) is claimed once (insert … on conflict do nothing), so a job that runs
 * twice, or on two servers at once, emits it once. Returns the events it emitted.
 */
export async function emitDue(
  tx: Db,
  ctx: WriteContext<Actor | null>,
  found: readonly DueEvent[],
): Promise<NewEvent[]> {
  if (!found.length) return [];
  const keys = found.map((f) => ({ type: f.event.type, entity_id: f.entityId, due: f.due }));
  const claimed = await rawRows<{ type: string; entity_id: string; due: string }>(
    tx,
    sql`insert into ${emittedEvents} (type, entity_id, due, at)
        select r.type, r.entity_id, r.due, ${ctx.now.toISOString()}::timestamptz
        from jsonb_to_recordset(${jsonParam(keys)}::jsonb) as r(type text, entity_id uuid, due text)
        on conflict do nothing
        returning type, entity_id, due`,
  );
  const won = new Set(claimed.map((c) => `${c.type}|${c.entity_id}|${c.due}`));
  const events = found.filter((f) => won.has(`${f.event.type}|${f.entityId}|${f.due}`)).map((f) => f.event);
  await writeEvents(tx, ctx, events);
  return events;
}

/** The SQL test "this (type, entity, due) was emitted already", for the jobs' queries. */
export const alreadyEmitted = (type: NewEvent['type'], entityId: unknown, due: unknown) =>
  sql`exists (select 1 from ${emittedEvents} x where x.type = ${type} and x.entity_id = ${entityId} and x.due = ${due})`;
