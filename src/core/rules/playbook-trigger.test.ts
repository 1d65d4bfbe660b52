import { describe, expect, it } from 'vitest';
import { crossings, meetsThreshold, triggerMatches } from './playbook-trigger.ts';

describe('triggerMatches', () => {
  it('matches the event type', () => {
    expect(
      triggerMatches({ event: 'account.updated' }, { type: 'account.updated', data: { fields: [] } }),
    ).toBe(true);
    expect(triggerMatches({ event: 'account.updated' }, { type: 'account.created', data: {} })).toBe(false);
  });
  it('matches a renewal window by its days', () => {
    const trigger = { event: 'renewal.window_entered', params: { days: 90 } };
    expect(
      triggerMatches(trigger, { type: 'renewal.window_entered', data: { days: 90, daysLeft: 88 } }),
    ).toBe(true);
    expect(
      triggerMatches(trigger, { type: 'renewal.window_entered', data: { days: 60, daysLeft: 60 } }),
    ).toBe(false);
  });
  it('matches a threshold crossing of its metric whose value meets op and value', () => {
    const trigger = { event: 'signal.threshold_crossed', params: { metric: 'nps', op: 'lt', value: 30 } };
    const event = (metric: string, value: number) => ({
      type: 'signal.threshold_crossed',
      data: { metric, value },
    });
    expect(triggerMatches(trigger, event('nps', 29))).toBe(true);
    expect(triggerMatches(trigger, event('nps', 30))).toBe(false);
    expect(triggerMatches(trigger, event('logins', 1))).toBe(false);
  });
});

describe('thresholds', () => {
  it('compares with each op', () => {
    expect([meetsThreshold('lt', 5, 4), meetsThreshold('lt', 5, 5)]).toEqual([true, false]);
    expect([meetsThreshold('lte', 5, 5), meetsThreshold('lte', 5, 6)]).toEqual([true, false]);
    expect([meetsThreshold('gt', 5, 6), meetsThreshold('gt', 5, 5)]).toEqual([true, false]);
    expect([meetsThreshold('gte', 5, 5), meetsThreshold('gte', 5, 4)]).toEqual([true, false]);
  });
  it('finds crossings, not every reading past the threshold', () => {
    expect(crossings(50, [40, 20, 10, 35, 25], 'lt', 30)).toEqual([1, 4]);
    expect(crossings(20, [10, 5], 'lt', 30)).toEqual([]);
    expect(crossings(null, [10], 'lt', 30)).toEqual([0]);
    expect(crossings(null, [], 'lt', 30)).toEqual([]);
  });
});
