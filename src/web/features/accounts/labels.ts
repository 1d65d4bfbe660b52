import type { churnRisks } from '../../../core/schemas/accounts.ts';
import type { Account } from '../../api.ts';

export type Segment = Account['segment'];
export type Stage = Account['lifecycleStage'];
export type HealthBand = NonNullable<Account['healthBand']>;

export const segmentLabels: Record<Segment, string> = {
  enterprise: 'Enterprise',
  mid_market: 'Mid-market',
  smb: 'SMB',
};
export const segmentOptions = (Object.keys(segmentLabels) as Segment[]).map((value) => ({
  value,
  label: segmentLabels[value],
}));

/** The check-in cadence an account gets from its segment (src/core/schemas/accounts.ts). */
export const defaultCadenceDays: Record<Segment, number> = { enterprise: 14, mid_market: 30, smb: 60 };

export const stageLabels: Record<Stage, string> = {
  prospect: 'Prospect',
  onboarding: 'Onboarding',
  active: 'Active',
  at_risk: 'At risk',
  churned: 'Churned',
};
export const stageColors: Record<Stage, string> = {
  prospect: 'gray',
  onboarding: 'blue',
  active: 'green',
  at_risk: 'orange',
  churned: 'red',
};
export const stageOptions = (Object.keys(stageLabels) as Stage[]).map((value) => ({
  value,
  label: stageLabels[value],
}));

export const healthLabels: Record<HealthBand, string> = { green: 'Green', yellow: 'Yellow', red: 'Red' };
export const healthColors: Record<HealthBand, string> = { green: 'green', yellow: 'yellow', red: 'red' };
export const bandOptions = (Object.keys(healthLabels) as HealthBand[]).map((value) => ({
  value,
  label: healthLabels[value],
}));

/**
 * Roles that may own accounts and opportunities
 * (docs/domain-rules.md#accounts-owner-cadence-and-next-check-in).
 */
export const ownerRoles = new Set(['admin', 'manager', 'account_manager']);

export type ChurnRisk = (typeof churnRisks)[number];

export const churnRiskLabels: Record<ChurnRisk, string> = {
  low: 'Low churn risk',
  medium: 'Medium churn risk',
  high: 'High churn risk',
};
export const churnRiskColors: Record<ChurnRisk, string> = { low: 'green', medium: 'yellow', high: 'red' };
export const churnRiskOptions = (Object.keys(churnRiskLabels) as ChurnRisk[]).map((value) => ({
  value,
  label: { low: 'Low', medium: 'Medium', high: 'High' }[value],
}));
