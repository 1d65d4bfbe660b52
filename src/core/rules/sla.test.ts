import { describe, expect, it } from 'vitest';
import { isBreached, resolvedAtAfter, slaDueAt } from './sla.ts';

describe('issue SLA', () => {
  it('is due the SLA hours of the severity after opening', () => {
    const opened = '2026-11-20T09:30:00.000Z';
    expect(slaDueAt(opened, 'p1')).toBe('2026-11-20T13:30:00.000Z');
    expect(slaDueAt(opened, 'p2')).toBe('2026-11-21T09:30:00.000Z');
    expect(slaDueAt(opened, 'p3')).toBe('2026-11-23T09:30:00.000Z');
    expect(slaDueAt(opened, 'p4')).toBe('2026-11-27T09:30:00.000Z');
    expect(slaDueAt(opened, 'p2', { p1: 1, p2: 8, p3: 40, p4: 100 })).toBe('2026-11-20T17:30:00.000Z');
  });

  it('is breached only once the due time has passed, by now or by the resolution', () => {
    const issue = { slaDueAt: '2026-11-20T13:30:00.000Z', resolvedAt: null };
    expect(isBreached(issue, '2026-11-20T13:30:00.000Z')).toBe(false);
    expect(isBreached(issue, '2026-11-20T13:30:00.001Z')).toBe(true);
    const solvedInTime = { ...issue, resolvedAt: '2026-11-20T13:00:00.000Z' };
    expect(isBreached(solvedInTime, '2026-12-01T00:00:00.000Z')).toBe(false);
    const solvedLate = { ...issue, resolvedAt: '2026-11-20T14:00:00.000Z' };
    expect(isBreached(solvedLate, '2026-11-20T14:00:00.000Z')).toBe(true);
  });

  it('sets resolvedAt on resolving, keeps it on closing, clears it on reopening', () => {
    const now = '2026-11-21T10:00:00.000Z';
    expect(resolvedAtAfter({ status: 'in_progress', resolvedAt: null }, 'resolved', now)).toBe(now);
    const resolved = { status: 'resolved', resolvedAt: '2026-11-20T08:00:00.000Z' };
    expect(resolvedAtAfter(resolved, 'closed', now)).toBe('2026-11-20T08:00:00.000Z');
    expect(resolvedAtAfter(resolved, 'in_progress', now)).toBeNull();
    expect(resolvedAtAfter({ status: 'new', resolvedAt: null }, 'triaged', now)).toBeNull();
  });
});
