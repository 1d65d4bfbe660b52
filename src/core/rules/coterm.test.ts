import { describe, expect, it } from 'vitest';
import { type CotermCandidate, primaryOf, proposedContract } from './coterm.ts';

const contract = (over: Partial<CotermCandidate> & { id: string }): CotermCandidate => ({
  startDate: '2026-01-01',
  endDate: '2026-12-31',
  status: 'active',
  cancelledOn: null,
  autoRenew: false,
  upliftPercent: 0,
  renewalWindowDays: 120,
  ...over,
});

describe('the contract a won deal creates', () => {
  it('runs 12 months from the close date when the account has no live contract', () => {
    expect(proposedContract('2026-05-14', 4300, [])).toEqual({
      startDate: '2026-05-14',
      endDate: '2027-05-13',
      arr: 4300,
      autoRenew: false,
      upliftPercent: 0,
      renewalWindowDays: 120,
      cotermWithId: null,
    });
    // 12 months from 29 February end on the last day of the next February.
    expect(proposedContract('2028-02-29', 1, []).endDate).toBe('2029-02-28');
    expect(proposedContract('2026-01-31', 1, []).endDate).toBe('2027-01-30');
  });

  it('co-terms with the latest live contract ending after the close date and copies its renewal terms', () => {
    const base = contract({ id: 'a', endDate: '2026-12-31' });
    const later = contract({
      id: 'b',
      startDate: '2026-03-01',
      endDate: '2027-02-28',
      autoRenew: true,
      upliftPercent: 5,
      renewalWindowDays: 90,
    });
    expect(proposedContract('2026-06-10', 4300, [base, later])).toEqual({
      startDate: '2026-06-10',
      endDate: '2027-02-28',
      arr: 4300,
      autoRenew: true,
      upliftPercent: 5,
      renewalWindowDays: 90,
      cotermWithId: 'b',
    });
  });

  it('passes over contracts that ended, are not active, or have notice of cancellation', () => {
    const contracts = [
      contract({ id: 'ended', endDate: '2026-06-10' }),
      contract({ id: 'draft', endDate: '2027-09-30', status: 'draft' }),
      contract({ id: 'renewed', endDate: '2027-08-31', status: 'renewed' }),
      contract({ id: 'noticed', endDate: '2027-07-31', cancelledOn: '2027-08-01' }),
      contract({ id: 'live', endDate: '2027-03-31', upliftPercent: 3 }),
    ];
    const p = proposedContract('2026-06-10', 100, contracts);
    expect(p.endDate).toBe('2027-03-31');
    expect(p.cotermWithId).toBe('live');
    expect(p.upliftPercent).toBe(3);
    // A contract ending on the close date itself does not carry the add-on: it ends that day.
    expect(proposedContract('2026-06-10', 100, contracts.slice(0, 1)).cotermWithId).toBeNull();
  });

  it('takes the terms of the primary when several contracts end on the latest day', () => {
    const first = contract({ id: 'z', startDate: '2025-01-01', endDate: '2027-12-31', upliftPercent: 7 });
    const second = contract({ id: 'y', startDate: '2026-02-01', endDate: '2027-12-31', upliftPercent: 2 });
    expect(proposedContract('2026-06-10', 1, [second, first]).cotermWithId).toBe('z');
    expect(proposedContract('2026-06-10', 1, [second, first]).upliftPercent).toBe(7);
  });
});

describe('the primary of a renewal group', () => {
  it('is the contract that started first, the lower id breaking a tie', () => {
    const a = { id: 'b', startDate: '2026-01-01' };
    const b = { id: 'a', startDate: '2026-01-01' };
    const c = { id: '0', startDate: '2026-02-01' };
    expect(primaryOf([c, a, b])).toBe(b);
    expect(primaryOf([c])).toBe(c);
  });
});
