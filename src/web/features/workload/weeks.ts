import { addDays } from '../../../core/rules/dates.ts';

const isDay = (s: unknown): s is string => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s);

/** The Monday of the ISO week (Monday to Sunday) a calendar date falls in. */
export function mondayOf(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const weekday = new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay(); // 0 Sunday … 6 Saturday
  return addDays(day, -((weekday + 6) % 7));
}

/** The heat map's weeks by default: this week and the seven after it. */
export const DEFAULT_WEEKS = 8;
/** The server answers for any span; a screen of more than half a year of weeks is not readable. */
export const MAX_WEEKS = 26;

/** The weeks of the workload page, kept in the address: Mondays of the first and last week shown. */
export interface WorkloadSearch {
  from?: string;
  to?: string;
  /** A team id; everyone in the reader's scope when absent. */
  team?: string;
}

export function validateWorkloadSearch(search: Record<string, unknown>): WorkloadSearch {
  return {
    from: isDay(search.from) ? search.from : undefined,
    to: isDay(search.to) ? search.to : undefined,
    team: typeof search.team === 'string' && /^[0-9a-f-]{36}$/i.test(search.team) ? search.team : undefined,
  };
}

/** The first and last Monday shown: the address's weeks, or this week and the seven after it. */
export function weekRange(search: WorkloadSearch, today: string): { from: string; to: string } {
  const from = mondayOf(search.from ?? today);
  let to = search.to ? mondayOf(search.to) : addDays(from, 7 * (DEFAULT_WEEKS - 1));
  if (to < from) to = from;
  if (to > addDays(from, 7 * (MAX_WEEKS - 1))) to = addDays(from, 7 * (MAX_WEEKS - 1));
  return { from, to };
}
