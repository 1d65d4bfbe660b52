import { describe, expect, it } from 'vitest';
import {
  isoWeeks,
  lastDayOf,
  mondayOf,
  weeklyLoads,
  weekOfItem,
  workloadCell,
  workloadStatus,
} from './workload.ts';

describe('ISO weeks', () => {
  it('start on the Monday of the week a date falls in', () => {
    // 2026-12-06 is a Sunday: its week began on Monday 30 November.
    expect(mondayOf('2026-12-06')).toBe('2026-11-30');
    expect(mondayOf('2026-12-07')).toBe('2026-12-07'); // a Monday is its own
    expect(mondayOf('2026-12-09')).toBe('2026-12-07'); // Wednesday
    expect(mondayOf('2027-01-01')).toBe('2026-12-28'); // across the new year
  });

  it('are every week overlapping [from, to]', () => {
    // Wednesday 9 Dec to Tuesday 22 Dec: three weeks, the first and last partly inside.
    expect(isoWeeks('2026-12-09', '2026-12-22')).toEqual(['2026-12-07', '2026-12-14', '2026-12-21']);
    // One day is one week; a Monday-to-Sunday range exactly one week.
    expect(isoWeeks('2026-12-06', '2026-12-06')).toEqual(['2026-11-30']);
    expect(isoWeeks('2026-12-07', '2026-12-13')).toEqual(['2026-12-07']);
    // Sunday to Monday: two weeks.
    expect(isoWeeks('2026-12-13', '2026-12-14')).toEqual(['2026-12-07', '2026-12-14']);
    // 8 weeks from a Monday: 8 Mondays, the last week ending on the Sunday 55 days later.
    const eight = isoWeeks('2026-12-07', '2027-01-31');
    expect(eight).toHaveLength(8);
    expect(eight.at(-1)).toBe('2027-01-25');
    expect(lastDayOf(eight)).toBe('2027-01-31');
  });
});

describe('the week an item counts in', () => {
  const weeks = ['2026-12-07', '2026-12-14'];
  it('is the week of its due date, Monday through Sunday', () => {
    expect(weekOfItem('2026-12-07', weeks)).toBe('2026-12-07');
    expect(weekOfItem('2026-12-13', weeks)).toBe('2026-12-07');
    expect(weekOfItem('2026-12-14', weeks)).toBe('2026-12-14');
    expect(weekOfItem('2026-12-20', weeks)).toBe('2026-12-14'); // the last day counted
  });
  it('is the first week for an open item due before it, and none after the last week', () => {
    expect(weekOfItem('2026-12-06', weeks)).toBe('2026-12-07');
    expect(weekOfItem('2025-01-01', weeks)).toBe('2026-12-07');
    expect(weekOfItem('2026-12-21', weeks)).toBeNull();
  });
  it('is none without a due date or without weeks', () => {
    expect(weekOfItem(null, weeks)).toBeNull();
    expect(weekOfItem('2026-12-07', [])).toBeNull();
  });
  it('sums effort points into every week', () => {
    const loads = weeklyLoads(
      [
        { dueDate: '2026-12-01', effortPoints: 3 }, // before: week 1
        { dueDate: '2026-12-08', effortPoints: 4 },
        { dueDate: '2026-12-20', effortPoints: 5 },
        { dueDate: '2026-12-21', effortPoints: 7 }, // after: not counted
        { dueDate: null, effortPoints: 9 }, // no due date: not counted
      ],
      weeks,
    );
    expect([...loads]).toEqual([
      ['2026-12-07', 7],
      ['2026-12-14', 5],
    ]);
    expect([...weeklyLoads([], weeks)]).toEqual([
      ['2026-12-07', 0],
      ['2026-12-14', 0],
    ]);
  });
});

describe('a person’s week', () => {
  it('is under below 0.8, full from 0.8 to 1 inclusive, over above 1', () => {
    expect(workloadCell(7, 10)).toEqual({ load: 7, capacity: 10, utilisation: 0.7, status: 'under' });
    expect(workloadCell(8, 10)).toEqual({ load: 8, capacity: 10, utilisation: 0.8, status: 'full' });
    expect(workloadCell(10, 10)).toEqual({ load: 10, capacity: 10, utilisation: 1, status: 'full' });
    expect(workloadCell(11, 10)).toEqual({ load: 11, capacity: 10, utilisation: 1.1, status: 'over' });
    expect(workloadCell(12, 10)).toEqual({ load: 12, capacity: 10, utilisation: 1.2, status: 'over' });
    // 0.8 exactly where floating point would not say so: 16 / 20, 4 / 5, 160 / 200.
    expect(workloadStatus(16, 20)).toBe('full');
    expect(workloadStatus(4, 5)).toBe('full');
    expect(workloadStatus(160, 200)).toBe('full');
    expect(workloadStatus(159, 200)).toBe('under'); // 0.795
    expect(workloadStatus(201, 200)).toBe('over'); // 1.005
  });
  it('rounds utilisation to 4 decimals, half away from zero', () => {
    expect(workloadCell(1, 3).utilisation).toBe(0.3333);
    expect(workloadCell(2, 3).utilisation).toBe(0.6667);
    expect(workloadCell(3, 20000).utilisation).toBe(0.0002); // 0.00015
    expect(workloadCell(0, 20).utilisation).toBe(0);
  });
  it('with no capacity is over with any load and under with none, utilisation null', () => {
    expect(workloadCell(0, 0)).toEqual({ load: 0, capacity: 0, utilisation: null, status: 'under' });
    expect(workloadCell(1, 0)).toEqual({ load: 1, capacity: 0, utilisation: null, status: 'over' });
  });
});
