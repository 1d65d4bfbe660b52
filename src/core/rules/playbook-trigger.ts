/**
 * Which events start a playbook: its trigger's event type, and for the two triggers with
 * parameters, the parameters the event must carry (docs/domain-rules.md, playbooks).
 */

export const thresholdOps = ['lt', 'lte', 'gt', 'gte'] as const;
export type ThresholdOp = (typeof thresholdOps)[number];

export interface TriggerLike {
  event: string;
  params?: Record<string, unknown> | null;
}

/** Whether `value` meets `op threshold` (`lt 40`: value < 40). */
export function meetsThreshold(op: ThresholdOp, threshold: number, value: number): boolean {
  if (op === 'lt') return value < threshold;
  if (op === 'lte') return value <= threshold;
  if (op === 'gt') return value > threshold;
  return value >= threshold;
}

/**
 * Whether an event starts a playbook with this trigger: the same type; a renewal window the
 * trigger's `days` (the event's `data.days`); a threshold crossing of the trigger's metric, op and
 * value (the event carries the metric and its value, which must meet the trigger's op and value).
 */
export function triggerMatches(trigger: TriggerLike, event: { type: string; data: unknown }): boolean {
  if (trigger.event !== event.type) return false;
  const data = (event.data ?? {}) as Record<string, unknown>;
  const params = trigger.params ?? {};
  if (trigger.event === 'renewal.window_entered') return data.days === params.days;
  if (trigger.event === 'signal.threshold_crossed') {
    if (data.metric !== params.metric || typeof data.value !== 'number') return false;
    return meetsThreshold(params.op as ThresholdOp, params.value as number, data.value);
  }
  return true;
}

/**
 * The readings (in time order) that cross into `op threshold`: they meet it and the reading before
 * them (the last stored one, for the first) did not. No reading before counts as not meeting it.
 */
export function crossings(
  previous: number | null,
  readings: readonly number[],
  op: ThresholdOp,
  threshold: number,
): number[] {
  const crossed: number[] = [];
  let before = previous === null ? false : meetsThreshold(op, threshold, previous);
  readings.forEach((value, i) => {
    const now = meetsThreshold(op, threshold, value);
    if (now && !before) crossed.push(i);
    before = now;
  });
  return crossed;
}
