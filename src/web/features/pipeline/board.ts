import { daysBetween } from '../../../core/rules/dates.ts';
import { sumMoney } from '../../../core/rules/money.ts';
import { isoDay } from '../../ui/format.ts';
import type { Stage } from '../opportunities/index.ts';

/** The open stages, one column each, left to right. */
export const boardColumns = ['prospecting', 'qualification', 'proposal', 'negotiation'] as const;
export type BoardColumn = (typeof boardColumns)[number];
/** Where a card can be dropped: a column, or one of the two closing targets after them. */
export const dropTargets: readonly Stage[] = [...boardColumns, 'closed_won', 'closed_lost'];

/** What the board needs of an opportunity. */
export interface BoardCard {
  id: string;
  stage: Stage;
  amount: number;
  closeDate: string;
}

export interface Column<T extends BoardCard> {
  stage: BoardColumn;
  cards: T[];
  count: number;
  total: number;
}

/** Cards by column, soonest close first and then the largest; each column with its count and Σ amount. */
export function columnsOf<T extends BoardCard>(cards: readonly T[]): Column<T>[] {
  return boardColumns.map((stage) => {
    const inColumn = cards
      .filter((c) => c.stage === stage)
      .sort((a, b) => a.closeDate.localeCompare(b.closeDate) || b.amount - a.amount);
    return {
      stage,
      cards: inColumn,
      count: inColumn.length,
      total: sumMoney(inColumn.map((c) => c.amount)),
    };
  });
}

/** What dropping a card on a target asks for. */
export type Move =
  | { kind: 'none' }
  | { kind: 'stage'; stage: BoardColumn }
  | { kind: 'won' }
  | { kind: 'lost' };

export function moveOf(card: Pick<BoardCard, 'stage'>, target: string | null | undefined): Move {
  if (!target || target === card.stage) return { kind: 'none' };
  if (target === 'closed_won') return { kind: 'won' };
  if (target === 'closed_lost') return { kind: 'lost' };
  return (boardColumns as readonly string[]).includes(target)
    ? { kind: 'stage', stage: target as BoardColumn }
    : { kind: 'none' };
}

/**
 * The target a keyboard move goes to: Right and Left step through the targets in order (stopping at
 * the ends), from the one the card is over (else its own column).
 */
export function nextTarget(current: string, direction: 'left' | 'right'): Stage {
  const i = dropTargets.indexOf(current as Stage);
  const from = Math.max(i, 0);
  const to = Math.min(dropTargets.length - 1, Math.max(0, from + (direction === 'right' ? 1 : -1)));
  return dropTargets[to]!;
}

/** The list with one card moved to a stage, for showing a move before the server confirms it. */
export function withStage<T extends BoardCard>(cards: readonly T[], id: string, stage: Stage): T[] {
  return cards.map((c) => (c.id === id ? { ...c, stage } : c));
}

/**
 * Whole days a deal has been in its stage: from the (local) day its stage last changed to the day of
 * `now`; 0 on the day it changed (and for a moment the clocks put ahead of now).
 */
export function daysInStage(stageChangedAt: string, now: Date = new Date()): number {
  return Math.max(0, daysBetween(isoDay(new Date(stageChangedAt)), isoDay(now)));
}

/** "Today", "1 day", "12 days": how long a deal has been in its stage. */
export const daysInStageLabel = (days: number): string =>
  days === 0 ? 'Today' : days === 1 ? '1 day' : `${days.toLocaleString('en-US')} days`;

/** A deal's next step as a card or row says it: the step, and when it is due relative to today. */
export function nextStepOf(
  o: { nextStep: string | null; nextStepDue: string | null },
  today: string,
): { step: string; due: string | null; overdue: boolean } | null {
  const step = o.nextStep?.trim() || null;
  if (!step && !o.nextStepDue) return null;
  const overdue = o.nextStepDue !== null && o.nextStepDue < today;
  return { step: step ?? 'Next step', due: o.nextStepDue, overdue };
}
