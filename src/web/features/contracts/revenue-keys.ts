import { useQueryClient } from '@tanstack/react-query';
import { useRefreshAccount } from '../accounts/index.ts';

/** Query keys of the revenue records and reports; every key of a kind starts with its first part. */
export const revenueKeys = {
  products: ['products'] as const,
  contracts: ['contracts'] as const,
  contractsOf: (accountId: string) => ['contracts', 'account', accountId] as const,
  contract: (id: string) => ['contracts', 'detail', id] as const,
  opportunities: ['opportunities'] as const,
  opportunitiesOf: (accountId: string) => ['opportunities', 'account', accountId] as const,
  pipeline: (filters: object) => ['opportunities', 'pipeline', filters] as const,
  quotas: ['quotas'] as const,
  forecast: ['reports', 'forecast'] as const,
  renewals: ['reports', 'renewals'] as const,
  arrMovement: ['reports', 'arr-movement'] as const,
};

/**
 * After a revenue write: the account (its ARR and renewal date are derived from contracts), the
 * accounts list, timeline and agenda, the records themselves, and every report built on them.
 */
export function useRefreshRevenue() {
  const refreshAccount = useRefreshAccount();
  const queryClient = useQueryClient();
  return (accountId: string | null | undefined) =>
    Promise.all([
      refreshAccount(accountId, revenueKeys.contracts, revenueKeys.opportunities),
      queryClient.invalidateQueries({ queryKey: ['reports'] }),
      // Tasks: the renewal sweep and closing a renewal change what is left to do.
      queryClient.invalidateQueries({ queryKey: ['tasks'] }),
    ]);
}
