import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api.ts';
import { type ArrMovement, type ArrMovementQuery, revenueKeys } from '../contracts/index.ts';

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
