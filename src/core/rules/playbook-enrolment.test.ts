import { describe, expect, it } from 'vitest';
import { enrolmentCutoff, mayEnrol } from './playbook-enrolment.ts';

const now = new Date('2026-03-10T12:00:00.000Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);

describe('enrolment', () => {
  it('lets the first enrolment through whatever the rule', () => {
    expect(
      ['every_time', 'once_per_account', { atMostEveryDays: 7 }].map((e) => mayEnrol(e as never, null, now)),
    ).toEqual([true, true, true]);
  });
  it('applies each rule to a later one', () => {
    expect(mayEnrol('every_time', daysAgo(0), now)).toBe(true);
    expect(mayEnrol('once_per_account', daysAgo(400), now)).toBe(false);
    expect(mayEnrol({ atMostEveryDays: 7 }, daysAgo(6.9), now)).toBe(false);
    expect(mayEnrol({ atMostEveryDays: 7 }, daysAgo(7), now)).toBe(true);
  });
  it('gives the cutoff for the race-safe upsert', () => {
    expect(enrolmentCutoff('every_time', now)).toBe('always');
    expect(enrolmentCutoff('once_per_account', now)).toBe(null);
    expect(enrolmentCutoff({ atMostEveryDays: 7 }, now)).toEqual(daysAgo(7));
  });
});
