import type { WebFeature } from '../feature.ts';
import { ContractsTab } from './ContractsTab.tsx';

// The contracts feature's public surface: its account-page tab, the renewal dialog, products, and
// the revenue records and query keys shared by opportunities, forecast, renewals and reports.
export const feature = {
  accountTab: { key: 'contracts', label: 'Contracts', order: 60, component: ContractsTab },
} satisfies WebFeature;

export { productOptions, productsQuery } from './products.api.ts';
export { RenewContractModal, type RenewTarget } from './RenewContractModal.tsx';
export { revenueKeys, useRefreshRevenue } from './revenue-keys.ts';
export type * from './revenue-types.ts';
