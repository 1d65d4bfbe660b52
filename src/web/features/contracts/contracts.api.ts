import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type Body, fetchAll, unwrap } from '../../api.ts';
import { revenueKeys, useRefreshRevenue } from './revenue-keys.ts';
import type { Contract } from './revenue-types.ts';

/** With `lines`, the server ignores `arr`: the ARR is then Σ quantity × unit price. */
export type ContractBody = Body<'/api/v1/contracts', 'post'>;
export type ContractPatch = Body<'/api/v1/contracts/{id}', 'patch'>;
export type RenewBody = Body<'/api/v1/contracts/{id}/renew', 'post'>;
export type CancelBody = Body<'/api/v1/contracts/{id}/cancel', 'post'>;

/** Every contract of an account, whatever its status. */
export function accountContractsQuery(accountId: string) {
  return queryOptions({
    queryKey: revenueKeys.contractsOf(accountId),
    queryFn: () =>
      fetchAll<Contract>(
        (cursor) =>
          unwrap(api.GET('/api/v1/contracts', { params: { query: { accountId, limit: 200, cursor } } })),
        2000,
      ),
  });
}

export function contractQuery(id: string) {
  return queryOptions({
    queryKey: revenueKeys.contract(id),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/contracts/{id}', { params: { path: { id } }, signal })),
  });
}

export function useCreateContract() {
  const refresh = useRefreshRevenue();
  return useMutation({
    mutationFn: (body: ContractBody) => unwrap(api.POST('/api/v1/contracts', { body })),
    onSettled: (_c, _e, body) => refresh(body.accountId),
  });
}

export function useUpdateContract() {
  const refresh = useRefreshRevenue();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ contract, body }: { contract: Contract; body: ContractPatch }) =>
      unwrap(
        api.PATCH('/api/v1/contracts/{id}', {
          params: { path: { id: contract.id } },
          headers: { 'If-Match': `"${contract.version}"` },
          body,
        }),
      ),
    onSuccess: (c) => queryClient.setQueryData(revenueKeys.contract(c.id), c),
    onSettled: (_c, _e, { contract }) => refresh(contract.accountId),
  });
}

/** Renews a contract into a new active one; the old one becomes renewed and its renewal deal is won. */
export function useRenewContract() {
  const refresh = useRefreshRevenue();
  return useMutation({
    mutationFn: ({ contract, body }: { contract: Contract; body: RenewBody }) =>
      unwrap(
        api.POST('/api/v1/contracts/{id}/renew', {
          params: { path: { id: contract.id } },
          headers: { 'If-Match': `"${contract.version}"` },
          body,
        }),
      ),
    onSettled: (_c, _e, { contract }) => refresh(contract.accountId),
  });
}

export function useCancelContract() {
  const refresh = useRefreshRevenue();
  return useMutation({
    mutationFn: ({ contract, body }: { contract: Contract; body: CancelBody }) =>
      unwrap(
        api.POST('/api/v1/contracts/{id}/cancel', {
          params: { path: { id: contract.id } },
          headers: { 'If-Match': `"${contract.version}"` },
          body,
        }),
      ),
    onSettled: (_c, _e, { contract }) => refresh(contract.accountId),
  });
}

/** Only a draft can be deleted; an active contract is cancelled instead. */
export function useDeleteContract() {
  const refresh = useRefreshRevenue();
  return useMutation({
    mutationFn: (contract: Contract) =>
      unwrap(
        api.DELETE('/api/v1/contracts/{id}', {
          params: { path: { id: contract.id } },
          headers: { 'If-Match': `"${contract.version}"` },
        }),
      ),
    onSettled: (_r, _e, contract) => refresh(contract.accountId),
  });
}
