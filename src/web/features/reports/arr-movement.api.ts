import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api.ts';
import { revenueKeys } from '../contracts/revenue-keys.ts';
import type { ArrMovement, ArrMovementQuery } from '../contracts/revenue-types.ts';

export type ArrMovementParams = Pick<ArrMovementQuery, 'from' | 'to' | 'ownerId' | 'teamId'>;
export type MovementAccount = NonNullable<ArrMovement['accounts']>[number];
export type Movement = MovementAccount['movement'];

/** The report with its per-account rows. */
export function arrMovementQuery(params: ArrMovementParams) {
  return queryOptions({
    queryKey: [...revenueKeys.arrMovement, params],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/v1/reports/arr-movement', { params: { query: { ...params, detail: 'true' } }, signal }),
      ),
    placeholderData: keepPreviousData,
  });
}
