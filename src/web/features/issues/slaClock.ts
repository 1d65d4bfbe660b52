import { useEffect, useState } from 'react';
import { isBreached } from '../../../core/rules/sla.ts';

/** The present, ticking every `everyMs`, so countdowns move on while a page stays open. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(id);
  }, [everyMs]);
  return now;
}

/** "3 d 4 h", "5 h 20 min", "12 min", "under a minute": the two largest units of a span. */
export function formatSpan(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 1) return 'under a minute';
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  return `${m} min`;
}

export type SlaState = 'ok' | 'soon' | 'breached' | 'met' | 'missed';

export interface SlaClock {
  state: SlaState;
  /** What to show: "4 h 10 min left", "Breached 3 h ago", "Resolved within SLA"… */
  text: string;
}

/** Under this much time left the countdown turns orange. */
const SOON_MS = 4 * 3_600_000;

/**
 * Where an issue stands against its SLA at `now`. A resolved issue's clock stopped when it was
 * resolved: breached = (resolvedAt or now) > slaDueAt (docs/domain-rules.md#issue-sla).
 */
export function slaClock(issue: { slaDueAt: string; resolvedAt: string | null }, now: number): SlaClock {
  const due = new Date(issue.slaDueAt).getTime();
  if (issue.resolvedAt) {
    return isBreached(issue, new Date(now))
      ? {
          state: 'missed',
          text: `Resolved ${formatSpan(new Date(issue.resolvedAt).getTime() - due)} after the SLA`,
        }
      : { state: 'met', text: 'Resolved within the SLA' };
  }
  const left = due - now;
  if (isBreached(issue, new Date(now)))
    return { state: 'breached', text: `Breached ${formatSpan(left)} ago` };
  return { state: left < SOON_MS ? 'soon' : 'ok', text: `${formatSpan(left)} left` };
}

export const slaColors: Record<SlaState, string | undefined> = {
  ok: undefined,
  soon: 'orange',
  breached: 'red',
  met: 'green',
  missed: 'red',
};
