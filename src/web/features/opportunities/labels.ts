import {
  dealDefaults,
  type ForecastCategory,
  type LikelihoodBand,
  type Stage,
  stageDefaults,
  stages,
} from '../../../core/rules/forecast.ts';
import { opportunitySources, opportunityTypes } from '../../../core/schemas/revenue-values.ts';

export type { ForecastCategory, LikelihoodBand, Stage };
export type OpportunityType = (typeof opportunityTypes)[number];
export type OpportunitySource = (typeof opportunitySources)[number];
export { dealDefaults, stageDefaults, stages };

export const stageLabels: Record<Stage, string> = {
  prospecting: 'Prospecting',
  qualification: 'Qualification',
  proposal: 'Proposal',
  negotiation: 'Negotiation',
  closed_won: 'Won',
  closed_lost: 'Lost',
};
export const stageColors: Record<Stage, string> = {
  prospecting: 'gray',
  qualification: 'cyan',
  proposal: 'blue',
  negotiation: 'violet',
  closed_won: 'green',
  closed_lost: 'red',
};
export const openStages = stages.filter((s) => s !== 'closed_won' && s !== 'closed_lost');
export const isClosedStage = (s: Stage) => s === 'closed_won' || s === 'closed_lost';
export const stageOptions = stages.map((value) => ({ value, label: stageLabels[value] }));

export const typeLabels: Record<OpportunityType, string> = {
  new_business: 'New business',
  upsell: 'Upsell',
  cross_sell: 'Cross-sell',
  renewal: 'Renewal',
};
export const typeOptions = opportunityTypes.map((value) => ({ value, label: typeLabels[value] }));

export const sourceLabels: Record<OpportunitySource, string> = {
  inbound: 'Inbound',
  outbound: 'Outbound',
  referral: 'Referral',
  rfp: 'RFP',
  expansion: 'Expansion',
};
export const sourceOptions = opportunitySources.map((value) => ({ value, label: sourceLabels[value] }));

export const categoryLabels: Record<ForecastCategory, string> = {
  pipeline: 'Pipeline',
  best_case: 'Best case',
  commit: 'Commit',
  closed: 'Closed',
  omitted: 'Omitted',
};
/** The categories a user may pick while an opportunity is open (closed ones are forced). */
export const openCategoryOptions = (['pipeline', 'best_case', 'commit', 'omitted'] as const).map((value) => ({
  value,
  label: categoryLabels[value],
}));
