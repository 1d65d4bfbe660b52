import { forecastCategories, stages } from '../rules/forecast.ts';

export { forecastCategories, stages };
export const contractStatuses = ['draft', 'active', 'renewed', 'expired', 'cancelled'] as const;
export const opportunityTypes = ['new_business', 'upsell', 'cross_sell', 'renewal'] as const;
export const opportunitySources = ['inbound', 'outbound', 'referral', 'rfp', 'expansion'] as const;
export const quotaKinds = ['new_arr', 'renewal'] as const;
