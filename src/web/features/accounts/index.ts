import { IconBuildingStore } from '@tabler/icons-react';
import type { WebFeature } from '../feature.ts';
import { accountRoutes } from './routes.tsx';

// The accounts feature's public surface: the accounts list and the account page (whose tabs other
// features contribute), and the account pieces other features show or refresh.
export const feature = {
  routes: accountRoutes,
  nav: {
    path: '/accounts',
    label: 'Accounts',
    icon: IconBuildingStore,
    order: 20,
    purpose:
      'Your book of client accounts, and each account with its overview, timeline, contacts, contracts, opportunities, health, issues and feedback.',
  },
} satisfies WebFeature;

export { AccountLink } from './AccountLink.tsx';
export { AccountSelect } from './AccountSelect.tsx';
export { accountKeys, accountQuery, useRefreshAccount } from './accounts.api.ts';
export { ChurnRiskBadge, ChurnRiskReasons } from './ChurnRiskBadge.tsx';
export { customFieldText } from './customFields.ts';
export {
  type ChurnRisk,
  churnRiskLabels,
  type HealthBand,
  healthColors,
  healthLabels,
  ownerRoles,
} from './labels.ts';
export { checkInHint, NextCheckIn } from './NextCheckIn.tsx';
export type { AccountListSearch, AccountTab } from './search.ts';
