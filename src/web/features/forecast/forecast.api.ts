import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api.ts';
import { type ForecastQuery, revenueKeys } from '../contracts/index.ts';

export type ForecastParams = Pick<ForecastQuery, 'from' | 'to' | 'kind' | 'ownerId' | 'teamId' | 'by'>;

/** The forecast of a period; the server's default seed keeps the simulation the same between reloads. */
export function forecastQuery(params: ForecastParams) {
  return queryOptions({
    queryKey: [...revenueKeys.forecast, params],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/reports/forecast', { params: { query: params }, signal })),
    placeholderData: keepPreviousData,
  });
}
