import type { contractStatuses } from '../../../core/schemas/revenue.ts';

export type ContractStatus = (typeof contractStatuses)[number];

export const contractStatusLabels: Record<ContractStatus, string> = {
  draft: 'Draft',
  active: 'Active',
  renewed: 'Renewed',
  expired: 'Expired',
  cancelled: 'Cancelled',
};
export const contractStatusColors: Record<ContractStatus, string> = {
  draft: 'gray',
  active: 'green',
  renewed: 'blue',
  expired: 'orange',
  cancelled: 'red',
};
