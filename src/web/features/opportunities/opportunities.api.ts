import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type Body, fetchAll, unwrap } from '../../api.ts';
import {
  type Contract,
  type Opportunity,
  type OpportunityQuery,
  revenueKeys,
  useRefreshRevenue,
} from '../contracts/index.ts';

export type OpportunityBody = Body<'/api/v1/opportunities', 'post'>;
export type OpportunityPatch = Body<'/api/v1/opportunities/{id}', 'patch'>;
export type PipelineFilters = Pick<OpportunityQuery, 'ownerId' | 'teamId' | 'type' | 'closeFrom' | 'closeTo'>;

/** At most this many deals are drawn on one board; filters narrow a larger pipeline. */
export const PIPELINE_MAX = 2000;

const listAll = (query: OpportunityQuery, max: number) =>
  fetchAll<Opportunity>(
    (cursor) =>
      unwrap(api.GET('/api/v1/opportunities', { params: { query: { ...query, limit: 200, cursor } } })),
    max,
  );

/** The open opportunities the board and the pipeline table show. */
export function pipelineQuery(filters: PipelineFilters) {
  return queryOptions({
    queryKey: revenueKeys.pipeline(filters),
    queryFn: () => listAll({ ...filters, open: 'true' }, PIPELINE_MAX),
  });
}

/** Every opportunity of an account, open and closed. */
export function accountOpportunitiesQuery(accountId: string) {
  return queryOptions({
    queryKey: revenueKeys.opportunitiesOf(accountId),
    queryFn: () => listAll({ accountId }, 2000),
  });
}

export function useCreateOpportunity() {
  const refresh = useRefreshRevenue();
  return useMutation({
    mutationFn: (body: OpportunityBody) => unwrap(api.POST('/api/v1/opportunities', { body })),
    onSettled: (_o, _e, body) => refresh(body.accountId),
  });
}

/**
 * PATCH with If-Match. A stage change shows on the board at once (every cached pipeline moves the
 * card), and goes back if the server refuses.
 */
export function useUpdateOpportunity() {
  const refresh = useRefreshRevenue();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ opportunity, body }: { opportunity: Opportunity; body: OpportunityPatch }) =>
      unwrap(
        api.PATCH('/api/v1/opportunities/{id}', {
          params: { path: { id: opportunity.id } },
          headers: { 'If-Match': `"${opportunity.version}"` },
          body,
        }),
      ),
    onMutate: async ({ opportunity, body }) => {
      if (!body.stage) return undefined;
      const key = [...revenueKeys.opportunities, 'pipeline'];
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueriesData<Opportunity[]>({ queryKey: key });
      const stage = body.stage;
      // A moved card is new to its stage (the server's answer brings the exact moment).
      const moved =
        stage !== opportunity.stage ? { stage, stageChangedAt: new Date().toISOString() } : { stage };
      queryClient.setQueriesData<Opportunity[]>({ queryKey: key }, (list) =>
        list?.map((o) => (o.id === opportunity.id ? { ...o, ...moved } : o)),
      );
      return { before };
    },
    onError: (_err, _vars, context) => {
      for (const [key, data] of context?.before ?? []) queryClient.setQueryData(key, data);
    },
    onSettled: (_o, _e, { opportunity }) => refresh(opportunity.accountId),
  });
}

export function opportunityQuery(id: string) {
  return queryOptions({
    queryKey: [...revenueKeys.opportunities, 'detail', id],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/opportunities/{id}', { params: { path: { id } }, signal })),
  });
}

/**
 * The account's active contracts, which winning a deal co-terms with (core/rules/coterm.ts). Under
 * the account's contracts key, so every contract write refreshes it.
 */
export function activeContractsQuery(accountId: string) {
  return queryOptions({
    queryKey: [...revenueKeys.contractsOf(accountId), 'active'],
    queryFn: () =>
      fetchAll<Contract>(
        (cursor) =>
          unwrap(
            api.GET('/api/v1/contracts', {
              params: { query: { accountId, status: 'active', limit: 200, cursor } },
            }),
          ),
        2000,
      ),
  });
}

/** One contract: the one a renewal deal renews. */
export function renewedContractQuery(id: string) {
  return queryOptions({
    queryKey: revenueKeys.contract(id),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/contracts/{id}', { params: { path: { id } }, signal })),
  });
}
