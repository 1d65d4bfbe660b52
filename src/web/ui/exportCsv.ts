/** The lists `GET /api/v1/exports/<entity>.csv` streams. */
export type ExportEntity =
  | 'accounts'
  | 'contacts'
  | 'activities'
  | 'opportunities'
  | 'contracts'
  | 'issues'
  | 'feedback';

export type QueryValue = string | number | boolean | null | undefined;

/**
 * The address of a list's CSV export with the list's own query (its filters and sort, as the list
 * sends them; paging left out): absent values are dropped, arrays repeat their key, as the API
 * client writes them.
 */
export function exportCsvUrl(
  entity: ExportEntity,
  filters: Readonly<Record<string, QueryValue | readonly QueryValue[]>> = {},
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (key === 'limit' || key === 'cursor') continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v !== undefined && v !== null && v !== '') params.append(key, String(v));
    }
  }
  const query = params.toString();
  return `/api/v1/exports/${entity}.csv${query ? `?${query}` : ''}`;
}
