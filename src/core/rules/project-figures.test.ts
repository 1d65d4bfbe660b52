import { describe, expect, it } from 'vitest';
import {
  elapsedShare,
  noSums,
  type ProjectSums,
  type ProjectTerms,
  percent,
  projectFigures,
  projectSums,
} from './project-figures.ts';

// 2026-11-01 … 2026-12-30 is 60 days inclusive; on 2026-12-06 36 of them have begun: elapsed 0.6.
const project: ProjectTerms = {
  status: 'active',
  startDate: '2026-11-01',
  endDate: '2026-12-30',
  budget: 10_000,
};
const asOf = '2026-12-06';
const sums = (s: Partial<ProjectSums>): ProjectSums => ({ ...noSums, ...s });
const deliverable = (status: string, effortPoints: number, dueDate = '2026-12-20') => ({
  status,
  effortPoints,
  dueDate,
});

describe('project figures', () => {
  it('works a project through by hand', () => {
    const s = projectSums(
      [
        deliverable('approved', 3, '2026-11-15'),
        deliverable('delivered', 3, '2026-11-20'),
        deliverable('in_progress', 5),
        deliverable('not_started', 5),
        deliverable('cancelled', 8, '2026-11-10'), // neither planned nor overdue
      ],
      [
        { status: 'delivered', cost: 4000.25, deliveredOn: '2026-11-30' },
        { status: 'delivered', cost: 500.25, deliveredOn: asOf }, // on the day: spent
        { status: 'delivered', cost: 900, deliveredOn: '2026-12-07' }, // after asOf: not yet
        { status: 'contracted', cost: 1000 },
        { status: 'in_progress', cost: 2000 },
        { status: 'proposed', cost: 7000 },
        { status: 'cancelled', cost: 7000 },
      ].map((e) => ({ deliveredOn: null, ...e })),
      asOf,
    );
    expect(s).toEqual({
      spent: 4500.5,
      committed: 3000,
      effortDone: 6,
      effortPlanned: 16,
      overdue: 0,
      overdueOverWeek: 0,
      maxDaysOverdue: 0,
    });
    expect(projectFigures(project, s, asOf)).toEqual({
      spent: 4500.5,
      committed: 3000,
      budgetUsed: 0.4501, // 4 500.50 / 10 000 = 0.45005, half away from zero
      budgetCommitted: 0.7501, // 7 500.50 / 10 000 = 0.75005
      progress: 0.375, // 6 / 16
      elapsed: 0.6, // 36 / 60
      overdueDeliverables: 0,
      deliveryStatus: 'on_track',
      deliveryReason: 'Nothing overdue, within its budget, progress keeping pace with the time elapsed',
    });
  });

  it('sums money in cents', () => {
    const s = projectSums(
      [],
      [
        { status: 'delivered', cost: 0.1, deliveredOn: '2026-12-01' },
        { status: 'delivered', cost: 0.2, deliveredOn: '2026-12-01' },
        { status: 'delivered', cost: 5, deliveredOn: null }, // no delivery day: not spent
      ],
      asOf,
    );
    expect(s.spent).toBe(0.3);
  });

  it('counts elapsed days inclusive, clamped to 0–1', () => {
    expect(elapsedShare('2026-11-01', '2026-12-30', '2026-10-31')).toBe(0);
    expect(elapsedShare('2026-11-01', '2026-12-30', '2026-11-01')).toBe(0.0167); // 1 / 60
    expect(elapsedShare('2026-11-01', '2026-12-30', asOf)).toBe(0.6);
    expect(elapsedShare('2026-11-01', '2026-12-30', '2026-12-29')).toBe(0.9833); // 59 / 60
    expect(elapsedShare('2026-11-01', '2026-12-30', '2026-12-30')).toBe(1);
    expect(elapsedShare('2026-11-01', '2026-12-30', '2027-03-01')).toBe(1);
    expect(elapsedShare('2026-12-06', '2026-12-06', '2026-12-05')).toBe(0);
    expect(elapsedShare('2026-12-06', '2026-12-06', '2026-12-06')).toBe(1);
  });

  it('is off track with a deliverable overdue by more than 7 days; at risk at exactly 7', () => {
    const seven = projectSums(
      [deliverable('in_progress', 1, '2026-11-29'), deliverable('approved', 1)],
      [],
      asOf,
    );
    expect(seven).toMatchObject({ overdue: 1, overdueOverWeek: 0, maxDaysOverdue: 7 });
    expect(projectFigures(project, seven, asOf)).toMatchObject({
      overdueDeliverables: 1,
      deliveryStatus: 'at_risk',
      deliveryReason: '1 deliverable overdue (the most by 7 days)',
    });
    const eight = projectSums(
      [
        deliverable('client_review', 1, '2026-11-28'),
        deliverable('changes_requested', 1, '2026-11-20'),
        deliverable('in_progress', 1, '2026-12-05'),
      ],
      [],
      asOf,
    );
    expect(eight).toMatchObject({ overdue: 3, overdueOverWeek: 2, maxDaysOverdue: 16 });
    expect(projectFigures(project, eight, asOf)).toMatchObject({
      overdueDeliverables: 3,
      deliveryStatus: 'off_track',
      deliveryReason: '2 deliverables overdue by more than 7 days (the most by 16 days)',
    });
  });

  it('does not count as overdue what is due today, or approved, delivered or cancelled', () => {
    const s = projectSums(
      [
        deliverable('not_started', 1, asOf),
        deliverable('approved', 1, '2026-11-01'),
        deliverable('delivered', 1, '2026-11-01'),
        deliverable('cancelled', 1, '2026-11-01'),
      ],
      [],
      asOf,
    );
    expect(s).toMatchObject({ overdue: 0, overdueOverWeek: 0, maxDaysOverdue: 0 });
    expect(projectFigures(project, s, asOf).deliveryStatus).toBe('on_track');
  });

  it('is off track when budget used passes 1, not at exactly 1', () => {
    expect(projectFigures(project, sums({ spent: 10_000 }), asOf)).toMatchObject({
      budgetUsed: 1,
      budgetCommitted: 1,
      deliveryStatus: 'on_track',
    });
    expect(projectFigures(project, sums({ spent: 11_200 }), asOf)).toMatchObject({
      budgetUsed: 1.12,
      deliveryStatus: 'off_track',
      deliveryReason: 'Over budget: 112% of it spent',
    });
    // A cent over is over, though the ratio rounds to 1.
    expect(projectFigures(project, sums({ spent: 10_000.01 }), asOf)).toMatchObject({
      budgetUsed: 1,
      deliveryStatus: 'off_track',
    });
  });

  it('is at risk when spent and committed pass the budget, not at exactly 1', () => {
    expect(projectFigures(project, sums({ spent: 4_000, committed: 6_000 }), asOf)).toMatchObject({
      budgetUsed: 0.4,
      budgetCommitted: 1,
      deliveryStatus: 'on_track',
    });
    expect(projectFigures(project, sums({ spent: 4_000, committed: 6_500.5 }), asOf)).toMatchObject({
      budgetCommitted: 1.0501, // 10 500.50 / 10 000 = 1.05005
      deliveryStatus: 'at_risk',
      deliveryReason: 'Spent and committed come to 105.01% of the budget',
    });
  });

  it('has no budget ratios, and no budget rule, without a budget or with a budget of 0', () => {
    for (const budget of [null, 0]) {
      expect(
        projectFigures({ ...project, budget }, sums({ spent: 50_000, committed: 9 }), asOf),
      ).toMatchObject({
        spent: 50_000,
        committed: 9,
        budgetUsed: null,
        budgetCommitted: null,
        deliveryStatus: 'on_track',
        deliveryReason: 'Nothing overdue and within its budget',
      });
    }
  });

  it('is at risk when progress is more than 0.25 behind elapsed; exactly 0.25 behind is not', () => {
    // elapsed 0.6: progress 0.35 (7 / 20) is exactly 0.25 behind, 0.3 (6 / 20) more.
    expect(projectFigures(project, sums({ effortDone: 7, effortPlanned: 20 }), asOf)).toMatchObject({
      progress: 0.35,
      elapsed: 0.6,
      deliveryStatus: 'on_track',
    });
    expect(projectFigures(project, sums({ effortDone: 6, effortPlanned: 20 }), asOf)).toMatchObject({
      progress: 0.3,
      deliveryStatus: 'at_risk',
      deliveryReason: 'Progress 30% behind 60% of the time elapsed',
    });
  });

  it('has no progress, and no progress rule, without deliverables (or only cancelled ones)', () => {
    const s = projectSums([deliverable('cancelled', 5)], [], '2026-12-30');
    expect(projectFigures(project, s, '2026-12-30')).toMatchObject({
      progress: null,
      elapsed: 1,
      deliveryStatus: 'on_track',
    });
  });

  it('is off track past its end date while active: not on the end date itself', () => {
    const done = sums({ effortDone: 4, effortPlanned: 4 });
    expect(projectFigures(project, done, '2026-12-30').deliveryStatus).toBe('on_track');
    expect(projectFigures(project, done, '2026-12-31')).toMatchObject({
      elapsed: 1,
      deliveryStatus: 'off_track',
      deliveryReason: 'Past its end date and still active',
    });
    // Only an active project: one on hold or still planning is not "still active".
    expect(projectFigures({ ...project, status: 'on_hold' }, done, '2026-12-31').deliveryStatus).toBe(
      'on_track',
    );
    expect(projectFigures({ ...project, status: 'planning' }, done, '2026-12-31').deliveryStatus).toBe(
      'on_track',
    );
  });

  it('works the documented example', () => {
    // 2026-11-01 … 2026-11-30, budget 10 000, as of 2026-11-15.
    const s = projectSums(
      [
        deliverable('approved', 5),
        deliverable('delivered', 3),
        deliverable('in_progress', 8, '2026-11-12'),
        deliverable('cancelled', 4),
      ],
      [
        { status: 'delivered', cost: 3000, deliveredOn: '2026-11-10' },
        { status: 'delivered', cost: 2500, deliveredOn: '2026-11-20' },
        { status: 'contracted', cost: 4000, deliveredOn: null },
        { status: 'proposed', cost: 900, deliveredOn: null },
      ],
      '2026-11-15',
    );
    expect(projectFigures({ ...project, endDate: '2026-11-30' }, s, '2026-11-15')).toEqual({
      spent: 3000,
      committed: 4000,
      budgetUsed: 0.3,
      budgetCommitted: 0.7,
      progress: 0.5,
      elapsed: 0.5,
      overdueDeliverables: 1,
      deliveryStatus: 'at_risk',
      deliveryReason: '1 deliverable overdue (the most by 3 days)',
    });
  });

  it('gives the first reason of its status that holds, and the worst status wins', () => {
    const s = sums({
      spent: 12_000,
      overdue: 2,
      overdueOverWeek: 1,
      maxDaysOverdue: 9,
      effortDone: 0,
      effortPlanned: 5,
    });
    expect(projectFigures(project, s, '2027-01-02')).toMatchObject({
      deliveryStatus: 'off_track',
      deliveryReason: '1 deliverable overdue by more than 7 days (the most by 9 days)',
    });
    expect(projectFigures(project, sums({ spent: 12_000 }), '2027-01-02').deliveryReason).toBe(
      'Over budget: 120% of it spent',
    );
    const risky = sums({ committed: 10_001, overdue: 1, maxDaysOverdue: 1, effortDone: 0, effortPlanned: 5 });
    expect(projectFigures(project, risky, asOf)).toMatchObject({
      deliveryStatus: 'at_risk',
      deliveryReason: '1 deliverable overdue (the most by 1 day)',
    });
    expect(projectFigures(project, sums({ committed: 10_001, effortPlanned: 5 }), asOf).deliveryReason).toBe(
      'Spent and committed come to 100.01% of the budget',
    );
    expect(projectFigures(project, sums({ effortPlanned: 5 }), asOf).deliveryReason).toBe(
      'Progress 0% behind 60% of the time elapsed',
    );
  });

  it('has no delivery status once completed or cancelled, but keeps its figures', () => {
    for (const status of ['completed', 'cancelled'] as const) {
      expect(projectFigures({ ...project, status }, sums({ spent: 20_000, overdue: 3 }), asOf)).toMatchObject(
        {
          budgetUsed: 2,
          overdueDeliverables: 3,
          deliveryStatus: null,
          deliveryReason: null,
        },
      );
    }
  });

  it('writes ratios as percentages', () => {
    expect(percent(1.1234)).toBe('112.34%');
    expect(percent(0.3)).toBe('30%');
    expect(percent(0.0167)).toBe('1.67%');
    expect(percent(0)).toBe('0%');
  });
});
