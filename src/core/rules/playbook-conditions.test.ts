import { describe, expect, it } from 'vitest';
import { compare, conditionsHold, isConditionField } from './playbook-conditions.ts';

const facts = {
  account: { segment: 'enterprise', arr: 50_000, tags: ['vip', 'beta'], healthBand: 'red', industry: null },
  data: { to: 'red', fields: ['industry', 'tags'], nested: { score: 31 } },
};

describe('conditions', () => {
  it('compares with each op', () => {
    expect(compare('eq', 'Red', 'red')).toBe(true);
    expect(compare('neq', 'red', 'green')).toBe(true);
    expect(compare('in', 'smb', ['smb', 'mid_market'])).toBe(true);
    expect(compare('in', 'enterprise', ['smb'])).toBe(false);
    expect([compare('gt', 10, 9), compare('gt', 9, 9)]).toEqual([true, false]);
    expect([compare('gte', 9, 9), compare('lt', 8, 9), compare('lte', 10, 9)]).toEqual([true, true, false]);
    expect(compare('lt', '2026-01-01', '2026-02-01')).toBe(true);
    expect(compare('contains', 'Retail banking', 'bank')).toBe(true);
    expect(compare('gt', null, 1)).toBe(false);
    expect([compare('eq', null, null), compare('neq', null, 'x')]).toEqual([true, true]);
  });
  it('tests a list field item by item', () => {
    expect(compare('contains', ['vip', 'beta'], 'vip')).toBe(true);
    expect(compare('eq', ['vip'], 'vip')).toBe(true);
    expect(compare('neq', ['vip'], 'vip')).toBe(false);
    expect(compare('in', ['vip'], ['x', 'vip'])).toBe(true);
  });
  it('holds only when all hold, over the account and data.*', () => {
    expect(conditionsHold([], facts)).toBe(true);
    expect(
      conditionsHold(
        [
          { field: 'segment', op: 'eq', value: 'enterprise' },
          { field: 'data.to', op: 'eq', value: 'red' },
          { field: 'data.nested.score', op: 'lt', value: 40 },
          { field: 'data.fields', op: 'contains', value: 'tags' },
        ],
        facts,
      ),
    ).toBe(true);
    expect(
      conditionsHold(
        [
          { field: 'arr', op: 'gte', value: 50_000 },
          { field: 'industry', op: 'eq', value: 'Retail' },
        ],
        facts,
      ),
    ).toBe(false);
  });
  it('knows the fields a condition may test', () => {
    expect(['arr', 'tags', 'data.to', 'data.a.b'].map(isConditionField)).toEqual([true, true, true, true]);
    expect(['name', 'data.', 'data.$x'].map(isConditionField)).toEqual([false, false, false]);
  });
});
