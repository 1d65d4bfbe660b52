import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, type Json, unwrap } from '../../api.ts';
import type { paths } from '../../api-types.ts';

export type TeamReport = Json<paths['/api/v1/reports/team']['get']['responses'][200]>;
export type TeamReportRow = TeamReport['rows'][number];
export type LossReason = Json<paths['/api/v1/reports/loss-reasons']['get']['responses'][200]>[number];

const keys = { team: ['reports', 'team'] as const, lossReasons: ['reports', 'loss-reasons'] as const };

/** A team's report for a period: a row per member and the total. */
export function teamReportQuery(params: { teamId: string; from: string; to: string }) {
  return queryOptions({
    queryKey: [...keys.team, params],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/reports/team', { params: { query: params }, signal })),
    placeholderData: keepPreviousData,
  });
}

/** Why the team's deals were lost in a period. */
export function lossReasonsQuery(params: { teamId: string; from: string; to: string }) {
  return queryOptions({
    queryKey: [...keys.lossReasons, params],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/reports/loss-reasons', { params: { query: params }, signal })),
    placeholderData: keepPreviousData,
  });
}
