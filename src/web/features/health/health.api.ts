import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type Body, type Json, unwrap } from '../../api.ts';
import type { paths } from '../../api-types.ts';
import { accountKeys } from '../accounts/index.ts';

export type AccountHealth = Json<paths['/api/v1/accounts/{id}/health']['get']['responses'][200]>;
export type HealthComponent = AccountHealth['components'][number];
export type HealthModel = Json<paths['/api/v1/health/model']['get']['responses'][200]>;
export type HealthModelBody = Body<'/api/v1/health/model', 'put'>;
export type PortfolioHealth = Json<paths['/api/v1/reports/portfolio-health']['get']['responses'][200]>;
export type PortfolioScope = { ownerId?: string; teamId?: string };
export type Signal = Json<paths['/api/v1/accounts/{id}/signals']['get']['responses'][200]>['data'][number];

export const healthKeys = {
  all: ['health'] as const,
  account: (id: string) => ['health', 'account', id] as const,
  model: ['health', 'model'] as const,
  portfolio: (scope: PortfolioScope) => ['health', 'portfolio', scope] as const,
  signals: (id: string, metric: string) => ['health', 'signals', id, metric] as const,
};

/** An account's score as of today: components, band, churn risk and 26 weekly points. */
export function accountHealthQuery(accountId: string) {
  return queryOptions({
    queryKey: healthKeys.account(accountId),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/accounts/{id}/health', { params: { path: { id: accountId } }, signal })),
  });
}

export const healthModelQuery = queryOptions({
  queryKey: healthKeys.model,
  queryFn: ({ signal }) => unwrap(api.GET('/api/v1/health/model', { signal })),
  staleTime: 60_000,
});

export function portfolioHealthQuery(scope: PortfolioScope) {
  return queryOptions({
    queryKey: healthKeys.portfolio(scope),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/reports/portfolio-health', { params: { query: scope }, signal })),
  });
}

/**
 * The latest readings of one metric on an account, newest first: enough for a score as of today,
 * which reads the latest one not older than the component's maximum age.
 */
export function signalsQuery(accountId: string, metric: string) {
  return queryOptions({
    queryKey: healthKeys.signals(accountId, metric),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/v1/accounts/{id}/signals', {
          params: { path: { id: accountId }, query: { metric, limit: 200 } },
          signal,
        }),
      ).then((p) => p.data),
  });
}

/** A new model rescores every account: their health and the accounts list both change. */
export function useSaveHealthModel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: HealthModelBody) => unwrap(api.PUT('/api/v1/health/model', { body })),
    onSuccess: (m) => queryClient.setQueryData(healthKeys.model, m),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: healthKeys.all }),
        queryClient.invalidateQueries({ queryKey: accountKeys.all }),
        queryClient.invalidateQueries({ queryKey: ['agenda'] }),
      ]),
  });
}
