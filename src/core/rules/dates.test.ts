import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  dayOf,
  daysBetween,
  maxDate,
  minDate,
  quarterOf,
  readableIfInstant,
  readableInstant,
} from './dates.ts';

describe('calendar dates', () => {
  it('takes the UTC day of an instant, whatever the local zone', () => {
    expect(dayOf(new Date('2026-12-04T23:59:59.999Z'))).toBe('2026-12-04');
    expect(dayOf('2026-12-05T00:00:00+01:00')).toBe('2026-12-04');
    expect(dayOf(0)).toBe('1970-01-01');
  });

  it('adds days across months, leap days and years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-06-15', 0)).toBe('2026-06-15');
  });

  it('counts whole days between dates, negative when backwards', () => {
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
    expect(daysBetween('2026-12-04', '2026-11-04')).toBe(-30);
  });

  it('adds months clamped to the month end', () => {
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2028-03-31', -1)).toBe('2028-02-29');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-15', 2)).toBe('2027-01-15');
    expect(addMonths('2026-05-20', 12)).toBe('2027-05-20');
  });

  it('finds the calendar quarter of a date', () => {
    expect(quarterOf('2026-01-01')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(quarterOf('2026-06-30')).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(quarterOf('2026-12-04')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
  });

  it('orders ISO dates as strings', () => {
    expect(maxDate('2026-12-04', '2026-11-30')).toBe('2026-12-04');
    expect(minDate('2026-12-04', '2026-11-30')).toBe('2026-11-30');
  });
});

describe('readable instants', () => {
  it('writes an ISO instant as day, month, year and UTC time', () => {
    expect(readableInstant('2026-12-06T08:28:39.323Z')).toBe('6 Dec 2026, 08:28 UTC');
    expect(readableInstant('2027-01-31T23:05:00+02:00')).toBe('31 Jan 2027, 21:05 UTC');
  });
  it('leaves other text alone', () => {
    expect(readableIfInstant('2026-12-06')).toBe('2026-12-06');
    expect(readableIfInstant('red')).toBe('red');
    expect(readableIfInstant('2026-12-06T08:28:39.323Z')).toBe('6 Dec 2026, 08:28 UTC');
  });
});
