import { describe, expect, it } from 'vitest';
import {
  deliveredOnTime,
  type EngagementFacts,
  recordSums,
  requestLateness,
  roundedRatio,
  vendorRecord,
  vendorRecordOf,
} from './vendor-record.ts';

const e = (over: Partial<EngagementFacts>): EngagementFacts => ({
  status: 'delivered',
  cost: 0,
  dueDate: '2026-11-30',
  deliveredOn: '2026-11-30',
  rating: null,
  ...over,
});

describe("a vendor's record", () => {
  it('counts every engagement, costs and rates the delivered ones (worked by hand)', () => {
    // Two on time (rated 4 and 5), one late (rated 2), one in progress:
    // totalCost 1200.50 + 800.25 + 300.10 = 2300.85; averageRating 11 / 3 = 3.666… → 3.67;
    // onTimeRate 2 / 3 = 0.6666… → 0.6667.
    const record = vendorRecord([
      e({ cost: 1200.5, dueDate: '2026-11-10', deliveredOn: '2026-11-09', rating: 4 }),
      e({ cost: 800.25, dueDate: '2026-11-20', deliveredOn: '2026-11-20', rating: 5 }),
      e({ cost: 300.1, dueDate: '2026-11-20', deliveredOn: '2026-11-21', rating: 2 }),
      e({ status: 'in_progress', cost: 5000, dueDate: '2026-12-20', deliveredOn: null }),
    ]);
    expect(record).toEqual({ engagements: 4, totalCost: 2300.85, averageRating: 3.67, onTimeRate: 0.6667 });
  });

  it('has null ratios without delivered or rated engagements, and counts cancelled ones', () => {
    expect(vendorRecord([])).toEqual({ engagements: 0, totalCost: 0, averageRating: null, onTimeRate: null });
    const none = vendorRecord([
      e({ status: 'proposed', cost: 10, deliveredOn: null }),
      e({ status: 'cancelled', cost: 20, deliveredOn: null }),
    ]);
    expect(none).toEqual({ engagements: 2, totalCost: 0, averageRating: null, onTimeRate: null });
    // Delivered but not rated: a rate, no rating.
    expect(vendorRecord([e({ cost: 0.1 }), e({ cost: 0.2 })])).toEqual({
      engagements: 2,
      totalCost: 0.3,
      averageRating: null,
      onTimeRate: 1,
    });
  });

  it('is on time on the due day, late a day after; without a due date it is on time', () => {
    expect(deliveredOnTime({ dueDate: '2026-11-20', deliveredOn: '2026-11-20' })).toBe(true);
    expect(deliveredOnTime({ dueDate: '2026-11-20', deliveredOn: '2026-11-21' })).toBe(false);
    expect(deliveredOnTime({ dueDate: null, deliveredOn: '2027-01-01' })).toBe(true);
    const record = vendorRecord([
      e({ dueDate: null, deliveredOn: '2026-12-01' }),
      e({ dueDate: '2026-11-01', deliveredOn: '2026-11-02' }),
      e({ dueDate: '2026-11-01', deliveredOn: '2026-11-03' }),
    ]);
    expect(record.onTimeRate).toBe(0.3333);
  });

  it('rounds half away from zero: ratings to 2 decimals, rates to 4', () => {
    // 4.125 would be 4.12 in floating point (4.125 × 100 = 412.49999…); exact arithmetic gives 4.13.
    expect(
      vendorRecordOf({
        engagements: 8,
        deliveredCostCents: 0,
        delivered: 8,
        onTime: 8,
        rated: 8,
        ratingSum: 33,
      }),
    ).toMatchObject({ averageRating: 4.13, onTimeRate: 1 });
    expect(roundedRatio(3, 20_000, 4)).toBe(0.0002);
    expect(roundedRatio(1, 8, 2)).toBe(0.13);
    expect(roundedRatio(5, 6, 4)).toBe(0.8333);
    expect(roundedRatio(1, 0, 4)).toBeNull();
    expect(roundedRatio(0, 7, 2)).toBe(0);
  });

  it('sums in cents', () => {
    expect(recordSums([e({ cost: 0.1 }), e({ cost: 0.2 }), e({ status: 'contracted', cost: 9 })])).toEqual({
      engagements: 3,
      deliveredCostCents: 30,
      delivered: 2,
      onTime: 2,
      rated: 0,
      ratingSum: 0,
    });
  });
});

describe("a client request's lateness", () => {
  const asOf = '2026-12-06';
  it('is overdue while requested after its due date, by asOf − dueDate days', () => {
    expect(requestLateness({ status: 'requested', dueDate: '2026-12-01' }, asOf)).toEqual({
      overdue: true,
      daysOverdue: 5,
    });
    expect(requestLateness({ status: 'requested', dueDate: '2026-12-05' }, asOf)).toEqual({
      overdue: true,
      daysOverdue: 1,
    });
    // Across a month and a year's end.
    expect(requestLateness({ status: 'requested', dueDate: '2025-12-31' }, '2026-03-01')).toEqual({
      overdue: true,
      daysOverdue: 60,
    });
  });

  it('is not overdue on its due day, nor once received or cancelled', () => {
    expect(requestLateness({ status: 'requested', dueDate: asOf }, asOf)).toEqual({
      overdue: false,
      daysOverdue: 0,
    });
    expect(requestLateness({ status: 'received', dueDate: '2026-11-01' }, asOf)).toEqual({
      overdue: false,
      daysOverdue: 0,
    });
    expect(requestLateness({ status: 'cancelled', dueDate: '2026-11-01' }, asOf)).toEqual({
      overdue: false,
      daysOverdue: 0,
    });
  });
});
