import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api.ts';
import { type RenewalsQuery, type RenewalsReport, revenueKeys } from '../contracts/index.ts';

export type RenewalRow = RenewalsReport['data'][number];
export type RenewalsScope = Pick<RenewalsQuery, 'ownerId' | 'teamId'>;

/** Enough rows for any window of one book; the totals always cover the whole window. */
const MAX_ROWS = 2000;

/** Active contracts ending in [from, to], every page, with the window's totals. */
export function renewalsQuery(from: string, to: string, scope: RenewalsScope = {}) {
  return queryOptions({
    queryKey: [...revenueKeys.renewals, from, to, scope],
    queryFn: async () => {
      const rows: RenewalRow[] = [];
      let cursor: string | undefined;
      let first: RenewalsReport | undefined;
      do {
        const page: RenewalsReport = await unwrap(
          api.GET('/api/v1/reports/renewals', {
            params: { query: { from, to, ...scope, limit: 200, cursor } },
          }),
        );
        first ??= page;
        rows.push(...page.data);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && rows.length < MAX_ROWS);
      return { ...first!, data: rows, truncated: Boolean(cursor) };
    },
    placeholderData: keepPreviousData,
  });
}
