/**
 * Issue SLA rules (docs/domain-rules.md#issue-sla): the due time by severity and whether it was
 * breached.
 */

export type Severity = 'p1' | 'p2' | 'p3' | 'p4';
export type SlaHours = Record<Severity, number>;
type Instant = string | Date;

export const defaultSlaHours: SlaHours = { p1: 4, p2: 24, p3: 72, p4: 168 };
const HOUR_MS = 3_600_000;
const ms = (t: Instant): number => (t instanceof Date ? t.getTime() : Date.parse(t));

/** Statuses in which an issue is no longer open: reaching one sets resolvedAt, leaving it clears it. */
export const doneStatuses = ['resolved', 'closed'] as const;
export const isDone = (status: string): boolean => (doneStatuses as readonly string[]).includes(status);

/** openedAt + the SLA hours of the severity, as an ISO timestamp. */
export function slaDueAt(openedAt: Instant, severity: Severity, hours: SlaHours = defaultSlaHours): string {
  return new Date(ms(openedAt) + hours[severity] * HOUR_MS).toISOString();
}

/** (resolvedAt, or now while open) later than slaDueAt. */
export function isBreached(issue: { slaDueAt: Instant; resolvedAt: Instant | null }, now: Instant): boolean {
  return ms(issue.resolvedAt ?? now) > ms(issue.slaDueAt);
}

/**
 * resolvedAt after a status change: set (to `now`) when the issue becomes resolved or closed, kept
 * while it stays so (resolved → closed keeps the first time), cleared when it reopens.
 */
export function resolvedAtAfter(
  before: { status: string; resolvedAt: string | null },
  status: string,
  now: Instant,
): string | null {
  if (!isDone(status)) return null;
  return isDone(before.status) && before.resolvedAt ? before.resolvedAt : new Date(ms(now)).toISOString();
}
