import { isoDay } from '../../ui/format.ts';
import { parseQuarter, type Quarter, quarterKey, thisQuarter } from './periods.ts';
import { isUuid, isWho } from './who.ts';

/** The forecast's period, kind and scope, kept in the address. */
export interface ForecastSearch {
  /** `2026-Q3`; this quarter when absent. */
  quarter?: string;
  kind?: 'renewal';
  /** `all` or a team id; the user's own when absent. */
  who?: string;
  /**
   * One rep's id (from the "By rep" table): their forecast. `who` stays as it was, so the page can
   * go back to the team or everyone it came from.
   */
  owner?: string;
}

export function validateForecastSearch(search: Record<string, unknown>): ForecastSearch {
  return {
    quarter: parseQuarter(search.quarter) ? (search.quarter as string) : undefined,
    kind: search.kind === 'renewal' ? 'renewal' : undefined,
    who: isWho(search.who) && search.who !== 'me' ? search.who : undefined,
    owner: typeof search.owner === 'string' && isUuid(search.owner) ? search.owner : undefined,
  };
}

export function quarterOfSearch(s: { quarter?: string }, today = isoDay()): Quarter {
  return parseQuarter(s.quarter) ?? thisQuarter(today);
}

/** The address value of a quarter: none for this quarter, so the default link stays short. */
export const quarterParam = (q: Quarter, today = isoDay()) =>
  quarterKey(q) === quarterKey(thisQuarter(today)) ? undefined : quarterKey(q);
