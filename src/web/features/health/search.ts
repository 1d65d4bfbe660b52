/** Whose accounts the health dashboard covers, kept in the address. */
export interface HealthDashboardSearch {
  /** `me`, or nothing for everything in the user's scope. */
  owner?: 'me';
  team?: string;
}

export function validateHealthDashboardSearch(search: Record<string, unknown>): HealthDashboardSearch {
  const team =
    typeof search.team === 'string' && /^[0-9a-f-]{36}$/i.test(search.team) ? search.team : undefined;
  return {
    owner: !team && search.owner === 'me' ? 'me' : undefined,
    team,
  };
}
