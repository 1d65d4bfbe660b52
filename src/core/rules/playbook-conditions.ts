/**
 * A playbook's conditions: all must hold, each `{ field, op, value }` over the account's current
 * fields or the event's `data.*`.
 */

export const conditionOps = ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'contains'] as const;
export type ConditionOp = (typeof conditionOps)[number];

/** The account fields a condition may test. */
export const accountConditionFields = [
  'segment',
  'lifecycleStage',
  'industry',
  'arr',
  'healthBand',
  'churnRisk',
  'tags',
  'ownerId',
] as const;

export type ConditionValue = string | number | boolean | null | (string | number)[];

export interface Condition {
  field: string;
  op: ConditionOp;
  value: ConditionValue;
}

export interface ConditionFacts {
  account: Record<string, unknown>;
  data: Record<string, unknown>;
}

/** `data.to` → the event's `to`; an account field → the account's. */
export function conditionFieldValue(field: string, facts: ConditionFacts): unknown {
  if (field.startsWith('data.')) {
    let value: unknown = facts.data;
    for (const key of field.slice(5).split('.')) {
      if (value === null || typeof value !== 'object') return undefined;
      value = (value as Record<string, unknown>)[key];
    }
    return value;
  }
  return facts.account[field];
}

/** Whether a field name is one a condition may test: an account field, or `data.<key>`. */
export function isConditionField(field: string): boolean {
  return (
    (accountConditionFields as readonly string[]).includes(field) || /^data\.[A-Za-z_][\w.]*$/.test(field)
  );
}

const same = (a: unknown, b: unknown): boolean => {
  if (typeof a === 'number' || typeof b === 'number')
    return Number(a) === Number(b) && a !== null && b !== null;
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return a === b;
};

function order(actual: unknown, expected: unknown): number | null {
  if (actual === null || actual === undefined || expected === null || expected === undefined) return null;
  const a = typeof actual === 'number' ? actual : Number(actual);
  const b = typeof expected === 'number' ? expected : Number(expected);
  if (typeof actual === 'number' || typeof expected === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return null;
    return a - b;
  }
  const s = String(actual);
  const t = String(expected);
  return s < t ? -1 : s > t ? 1 : 0;
}

/**
 * One comparison. A list field (tags) holds when any of its items does for eq/contains/in, and neq
 * when none equals the value; strings compare without case; gt/gte/lt/lte compare numbers (or
 * ISO dates as text); a missing value meets only neq.
 */
export function compare(op: ConditionOp, actual: unknown, expected: ConditionValue): boolean {
  if (Array.isArray(actual)) {
    if (op === 'neq') return !actual.some((a) => same(a, expected));
    if (op === 'eq' || op === 'contains') return actual.some((a) => same(a, expected));
    if (op === 'in') return Array.isArray(expected) && actual.some((a) => expected.some((e) => same(a, e)));
    return actual.some((a) => compare(op, a, expected));
  }
  switch (op) {
    case 'eq':
      return same(actual ?? null, expected);
    case 'neq':
      return !same(actual ?? null, expected);
    case 'in':
      return Array.isArray(expected) && expected.some((e) => same(actual, e));
    case 'contains':
      return (
        typeof actual === 'string' &&
        expected !== null &&
        actual.toLowerCase().includes(String(expected).toLowerCase())
      );
    default: {
      const d = order(actual, expected);
      if (d === null) return false;
      return op === 'gt' ? d > 0 : op === 'gte' ? d >= 0 : op === 'lt' ? d < 0 : d <= 0;
    }
  }
}

/** All conditions hold (none: true). */
export function conditionsHold(conditions: readonly Condition[], facts: ConditionFacts): boolean {
  return conditions.every((c) => compare(c.op, conditionFieldValue(c.field, facts), c.value));
}
