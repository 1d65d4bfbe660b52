import { describe, expect, it } from 'vitest';
import { formatSpan, slaClock } from './slaClock.ts';

const at = (iso: string) => new Date(iso).getTime();
const due = '2026-03-10T12:00:00.000Z';

describe('formatSpan', () => {
  it('shows the two largest units', () => {
    expect(formatSpan(30_000)).toBe('under a minute');
    expect(formatSpan(12 * 60_000)).toBe('12 min');
    expect(formatSpan((5 * 60 + 20) * 60_000)).toBe('5 h 20 min');
    expect(formatSpan(3 * 3_600_000)).toBe('3 h');
    expect(formatSpan((3 * 24 + 4) * 3_600_000 + 59 * 60_000)).toBe('3 d 4 h');
    expect(formatSpan(-2 * 86_400_000)).toBe('2 d');
  });
});

describe('slaClock', () => {
  it('counts down while the issue is open, orange under four hours', () => {
    expect(slaClock({ slaDueAt: due, resolvedAt: null }, at('2026-03-09T12:00:00.000Z'))).toEqual({
      state: 'ok',
      text: '1 d left',
    });
    expect(slaClock({ slaDueAt: due, resolvedAt: null }, at('2026-03-10T09:30:00.000Z'))).toEqual({
      state: 'soon',
      text: '2 h 30 min left',
    });
  });

  it('says how long ago an open issue breached', () => {
    expect(slaClock({ slaDueAt: due, resolvedAt: null }, at('2026-03-10T15:00:00.000Z'))).toEqual({
      state: 'breached',
      text: 'Breached 3 h ago',
    });
  });

  it('stops the clock at resolution', () => {
    const later = at('2026-04-01T00:00:00.000Z');
    expect(slaClock({ slaDueAt: due, resolvedAt: '2026-03-10T11:00:00.000Z' }, later)).toEqual({
      state: 'met',
      text: 'Resolved within the SLA',
    });
    expect(slaClock({ slaDueAt: due, resolvedAt: '2026-03-10T13:30:00.000Z' }, later)).toEqual({
      state: 'missed',
      text: 'Resolved 1 h 30 min after the SLA',
    });
  });
});
