import { isIsoDate, isWho, parseQuarter } from '../forecast/index.ts';

/** A report's period (a quarter, or custom dates) and scope, kept in the address. */
export interface ReportSearch {
  /** `2026-Q3`; this quarter when absent (and no custom dates). */
  quarter?: string;
  /** Custom dates, used when both are present. */
  from?: string;
  to?: string;
  /** `me` or a team id; everything the user can see when absent. */
  who?: string;
}

export function validateReportSearch(search: Record<string, unknown>): ReportSearch {
  const custom = isIsoDate(search.from) && isIsoDate(search.to) && search.from <= search.to;
  return {
    quarter: parseQuarter(search.quarter) ? (search.quarter as string) : undefined,
    from: custom ? (search.from as string) : undefined,
    to: custom ? (search.to as string) : undefined,
    who: isWho(search.who) && search.who !== 'all' ? search.who : undefined,
  };
}
