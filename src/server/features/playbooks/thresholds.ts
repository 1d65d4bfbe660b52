import { sql } from 'drizzle-orm';
import type { NewEvent } from '../../../core/events.ts';
import { crossings, type ThresholdOp } from '../../../core/rules/playbook-trigger.ts';
import type { Actor } from '../../auth/actor.ts';
import type { WriteContext } from '../../auth/context.ts';
import { type Db, rawRows } from '../../db/index.ts';
import { writeEvents } from '../../events/outbox.ts';

export interface SignalReading {
  accountId: string;
  metric: string;
  value: number;
  recordedAt: string;
}

/**
 * Called by the health feature with a batch of signals BEFORE it stores them, in its transaction:
 * for each (account, metric) an active playbook watches, the readings that cross into a watched
 * threshold (they meet `op value`, the reading before them did not) raise
 * `signal.threshold_crossed { metric, value }`. One query for the watched thresholds, one for the
 * previous values of the watched pairs; nothing more when no playbook watches a metric of the batch.
 */
export async function signalThresholdEvents(
  tx: Db,
  ctx: WriteContext<Actor | null>,
  readings: readonly SignalReading[],
): Promise<number> {
  if (!readings.length) return 0;
  const metrics = [...new Set(readings.map((r) => r.metric))];
  const watched = await rawRows<{ metric: string; op: ThresholdOp; value: number }>(
    tx,
    sql`select distinct trigger->'params'->>'metric' as metric, trigger->'params'->>'op' as op,
          (trigger->'params'->>'value')::float8 as value
        from playbooks
        where active and trigger->>'event' = 'signal.threshold_crossed'
          and trigger->'params'->>'metric' = any(${sql.param(metrics)}::text[])`,
  );
  if (!watched.length) return 0;
  const watchedMetrics = new Set(watched.map((w) => w.metric));
  const relevant = readings.filter((r) => watchedMetrics.has(r.metric));
  const accountIds = [...new Set(relevant.map((r) => r.accountId))];
  const previous = await rawRows<{ account_id: string; metric: string; value: number }>(
    tx,
    sql`select distinct on (account_id, metric) account_id, metric, value::float8 as value
        from health_signals
        where account_id = any(${sql.param(accountIds)}::uuid[]) and metric = any(${sql.param([...watchedMetrics])}::text[])
        order by account_id, metric, recorded_at desc`,
  );
  const before = new Map(previous.map((p) => [`${p.account_id}|${p.metric}`, p.value]));
  const byPair = new Map<string, SignalReading[]>();
  for (const r of relevant) {
    const key = `${r.accountId}|${r.metric}`;
    byPair.set(key, [...(byPair.get(key) ?? []), r]);
  }
  const events: NewEvent[] = [];
  for (const [key, list] of byPair) {
    list.sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : 0));
    const values = list.map((r) => r.value);
    const crossedAt = new Set<number>();
    for (const w of watched.filter((w) => w.metric === list[0]!.metric)) {
      for (const i of crossings(before.get(key) ?? null, values, w.op, w.value)) crossedAt.add(i);
    }
    for (const i of [...crossedAt].sort((a, b) => a - b)) {
      const r = list[i]!;
      events.push({
        type: 'signal.threshold_crossed',
        accountId: r.accountId,
        data: { metric: r.metric, value: r.value },
      });
    }
  }
  await writeEvents(tx, ctx, events);
  return events.length;
}
