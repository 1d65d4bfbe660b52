/**
 * The workload report's arithmetic (API-DELIVERY "Workload"): ISO weeks, the week an open work item
 * counts in, and a person's week as load against capacity. Pure.
 */
import type { WorkloadStatus } from '../schemas/delivery.ts';
import { ratio4 } from './arr-movement.ts';
import { addDays } from './dates.ts';

/** The Monday of the ISO week (Monday to Sunday) a date falls in. */
export function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00.000Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}

/** The Mondays of the ISO weeks that overlap [from, to] (from ≤ to), in order. */
export function isoWeeks(from: string, to: string): string[] {
  const weeks: string[] = [];
  for (let monday = mondayOf(from); monday <= to; monday = addDays(monday, 7)) weeks.push(monday);
  return weeks;
}

/** The Sunday that ends the last of the weeks: items due after it are not counted. */
export const lastDayOf = (weeks: readonly string[]): string => addDays(weeks.at(-1)!, 6);

/**
 * The week (its Monday) an open item due on `dueDate` counts in: the week of its due date; an item
 * due before the first week is still to do and counts in the first; one due after the last week
 * is not counted (null), nor is one without a due date.
 */
export function weekOfItem(dueDate: string | null, weeks: readonly string[]): string | null {
  if (!dueDate || weeks.length === 0) return null;
  if (dueDate < weeks[0]!) return weeks[0]!;
  if (dueDate > lastDayOf(weeks)) return null;
  return mondayOf(dueDate);
}

/**
 * `over` if utilisation > 1, `full` if ≥ 0.8, else `under`; with no capacity, `over` as soon as
 * there is any load and `under` when there is none. Compared in integers (5 × load ≥ 4 × capacity),
 * so that 0.8 exactly is full whatever floating point makes of it.
 */
export function workloadStatus(load: number, capacity: number): WorkloadStatus {
  if (capacity <= 0) return load > 0 ? 'over' : 'under';
  if (load > capacity) return 'over';
  if (5 * load >= 4 * capacity) return 'full';
  return 'under';
}

export interface WorkloadFigures {
  load: number;
  capacity: number;
  /** load / capacity to 4 decimals; null when capacity is 0. */
  utilisation: number | null;
  status: WorkloadStatus;
}

/** A person's week: load (Σ effort points) against their weekly capacity. */
export function workloadCell(load: number, capacity: number): WorkloadFigures {
  return {
    load,
    capacity,
    utilisation: capacity > 0 ? ratio4(load, capacity) : null,
    status: workloadStatus(load, capacity),
  };
}

/**
 * Sums items' effort points into the weeks they count in: a map from Monday to load, with every
 * week present (0 when nothing is due).
 */
export function weeklyLoads(
  items: Iterable<{ dueDate: string | null; effortPoints: number }>,
  weeks: readonly string[],
): Map<string, number> {
  const loads = new Map(weeks.map((w) => [w, 0]));
  for (const item of items) {
    const week = weekOfItem(item.dueDate, weeks);
    if (week !== null) loads.set(week, (loads.get(week) ?? 0) + item.effortPoints);
  }
  return loads;
}
