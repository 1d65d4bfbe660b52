import { describe, expect, it } from 'vitest';
import {
  type BoardCard,
  columnsOf,
  daysInStage,
  daysInStageLabel,
  moveOf,
  nextStepOf,
  nextTarget,
  withStage,
} from './board.ts';

const card = (id: string, over: Partial<BoardCard>): BoardCard => ({
  id,
  stage: 'prospecting',
  amount: 100,
  closeDate: '2026-06-30',
  ...over,
});

describe('pipeline board', () => {
  it('puts open cards in their columns with count and total to the cent, closed ones nowhere', () => {
    const cols = columnsOf([
      card('a', { stage: 'proposal', amount: 0.1 }),
      card('b', { stage: 'proposal', amount: 0.2 }),
      card('c', { stage: 'negotiation', amount: 5000 }),
      card('d', { stage: 'closed_won', amount: 999 }),
    ]);
    expect(cols.map((c) => [c.stage, c.count, c.total])).toEqual([
      ['prospecting', 0, 0],
      ['qualification', 0, 0],
      ['proposal', 2, 0.3],
      ['negotiation', 1, 5000],
    ]);
  });

  it('orders a column by close date, then the larger amount first', () => {
    const [col] = columnsOf([
      card('late', { closeDate: '2026-09-01', amount: 1 }),
      card('small', { closeDate: '2026-05-01', amount: 10 }),
      card('big', { closeDate: '2026-05-01', amount: 20 }),
    ]);
    expect(col?.cards.map((c) => c.id)).toEqual(['big', 'small', 'late']);
  });

  it('turns a drop into a stage change, a close, or nothing', () => {
    const c = { stage: 'proposal' as const };
    expect(moveOf(c, 'negotiation')).toEqual({ kind: 'stage', stage: 'negotiation' });
    expect(moveOf(c, 'closed_won')).toEqual({ kind: 'won' });
    expect(moveOf(c, 'closed_lost')).toEqual({ kind: 'lost' });
    expect(moveOf(c, 'proposal')).toEqual({ kind: 'none' });
    expect(moveOf(c, null)).toEqual({ kind: 'none' });
    expect(moveOf(c, 'somewhere-else')).toEqual({ kind: 'none' });
  });

  it('steps through the targets with the arrow keys and stops at the ends', () => {
    expect(nextTarget('proposal', 'right')).toBe('negotiation');
    expect(nextTarget('negotiation', 'right')).toBe('closed_won');
    expect(nextTarget('closed_won', 'right')).toBe('closed_lost');
    expect(nextTarget('closed_lost', 'right')).toBe('closed_lost');
    expect(nextTarget('prospecting', 'left')).toBe('prospecting');
    expect(nextTarget('qualification', 'left')).toBe('prospecting');
  });

  it('moves one card without touching the others', () => {
    const before = [card('a', {}), card('b', {})];
    const after = withStage(before, 'b', 'negotiation');
    expect(after.map((c) => c.stage)).toEqual(['prospecting', 'negotiation']);
    expect(before[1]?.stage).toBe('prospecting');
  });
});

describe('days in stage', () => {
  // Local times, as the browser counts days.
  const at = (y: number, m: number, d: number, h = 12) => new Date(y, m - 1, d, h);

  it('counts whole calendar days from the day the stage changed', () => {
    expect(daysInStage(at(2026, 3, 2, 9).toISOString(), at(2026, 3, 2, 23))).toBe(0);
    expect(daysInStage(at(2026, 3, 2, 23).toISOString(), at(2026, 3, 3, 1))).toBe(1);
    expect(daysInStage(at(2026, 2, 20).toISOString(), at(2026, 3, 2))).toBe(10); // across February's end
    expect(daysInStage(at(2024, 2, 28).toISOString(), at(2024, 3, 1))).toBe(2); // a leap year
    expect(daysInStage(at(2025, 12, 5).toISOString(), at(2026, 12, 5))).toBe(365);
    expect(daysInStage(at(2026, 3, 3).toISOString(), at(2026, 3, 2))).toBe(0); // never negative
  });

  it('says it in words', () => {
    expect([0, 1, 2, 1234].map(daysInStageLabel)).toEqual(['Today', '1 day', '2 days', '1,234 days']);
  });
});

describe('next step', () => {
  const today = '2026-03-10';
  it('says the step and whether its day has passed', () => {
    expect(nextStepOf({ nextStep: 'Send terms', nextStepDue: '2026-03-09' }, today)).toEqual({
      step: 'Send terms',
      due: '2026-03-09',
      overdue: true,
    });
    expect(nextStepOf({ nextStep: 'Send terms', nextStepDue: today }, today)?.overdue).toBe(false);
    expect(nextStepOf({ nextStep: ' Call ', nextStepDue: null }, today)).toEqual({
      step: 'Call',
      due: null,
      overdue: false,
    });
    expect(nextStepOf({ nextStep: null, nextStepDue: '2026-03-01' }, today)).toEqual({
      step: 'Next step',
      due: '2026-03-01',
      overdue: true,
    });
    expect(nextStepOf({ nextStep: '  ', nextStepDue: null }, today)).toBeNull();
  });
});
