import { isWho, parseQuarter } from '../forecast/index.ts';

/** The team page's team and quarter, kept in the address. */
export interface TeamSearch {
  /** A team id; the first of the user's teams when absent. */
  team?: string;
  /** `2026-Q3`; this quarter when absent. */
  quarter?: string;
}

export function validateTeamSearch(search: Record<string, unknown>): TeamSearch {
  const team = search.team;
  return {
    team: typeof team === 'string' && isWho(team) && team !== 'me' && team !== 'all' ? team : undefined,
    quarter: parseQuarter(search.quarter) ? (search.quarter as string) : undefined,
  };
}
