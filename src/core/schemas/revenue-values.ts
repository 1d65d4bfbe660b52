// The closed lists of revenue's schemas (revenue.ts), apart from zod, so that the web app's first
// screen (which validates its addresses against them) does not load the schemas and zod with them.
export const contractStatuses = ['draft', 'active', 'renewed', 'expired', 'cancelled'] as const;
export const opportunityTypes = ['new_business', 'upsell', 'cross_sell', 'renewal'] as const;
export const opportunitySources = ['inbound', 'outbound', 'referral', 'rfp', 'expansion'] as const;
export const quotaKinds = ['new_arr', 'renewal'] as const;
