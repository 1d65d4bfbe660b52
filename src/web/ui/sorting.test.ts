import { describe, expect, it } from 'vitest';
import { sortRows, toggleSort } from './sorting.tsx';

type Row = { name: string; amount: number | null };
const rows: Row[] = [
  { name: 'beta', amount: 20 },
  { name: 'Alpha 10', amount: null },
  { name: 'alpha 9', amount: 5 },
];
const value = (r: Row, f: 'name' | 'amount') => r[f];

describe('table sorting', () => {
  it('sorts text by collation (case and digits as a reader expects) and numbers by value', () => {
    expect(sortRows(rows, 'name', value).map((r) => r.name)).toEqual(['alpha 9', 'Alpha 10', 'beta']);
    expect(sortRows(rows, '-name', value).map((r) => r.name)).toEqual(['beta', 'Alpha 10', 'alpha 9']);
    expect(sortRows(rows, 'amount', value).map((r) => r.amount)).toEqual([5, 20, null]);
  });

  it('puts empty values last either way', () => {
    expect(sortRows(rows, '-amount', value).map((r) => r.amount)).toEqual([20, 5, null]);
  });

  it('starts a new column in its first direction and flips an active one', () => {
    expect(toggleSort<'name' | 'amount'>('name', 'amount', '-')).toBe('-amount');
    expect(toggleSort<'name' | 'amount'>('-amount', 'amount', '-')).toBe('amount');
    expect(toggleSort<'name' | 'amount'>('name', 'name')).toBe('-name');
  });
});
