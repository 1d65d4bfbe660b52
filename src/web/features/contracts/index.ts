import { lazyRouteComponent } from '@tanstack/react-router';
import type { WebFeature } from '../feature.ts';

// The contracts feature's public surface: its account-page tab, the renewal dialog, products, and
// the revenue records and query keys shared by opportunities, forecast, renewals and reports.
const ContractsTab = lazyRouteComponent(() => import('./ContractsTab.tsx'), 'ContractsTab');

export const feature = {
  accountTab: { key: 'contracts', label: 'Contracts', order: 60, component: ContractsTab },
} satisfies WebFeature;

export { productOptions, productsQuery } from './products.api.ts';
export { RenewContractModal, type RenewTarget } from './RenewContractModal.tsx';
export { revenueKeys, useRefreshRevenue } from './revenue-keys.ts';
export type * from './revenue-types.ts';
