import { lazyRouteComponent } from '@tanstack/react-router';
import type { WebFeature } from '../feature.ts';

// The opportunities feature's public surface: its account-page tab, and the dialogs, labels and
// queries the pipeline and renewals pages use.
const OpportunitiesTab = lazyRouteComponent(() => import('./OpportunitiesTab.tsx'), 'OpportunitiesTab');

export const feature = {
  accountTab: { key: 'opportunities', label: 'Opportunities', order: 70, component: OpportunitiesTab },
} satisfies WebFeature;

export { CloseOpportunityModal, type Outcome } from './CloseOpportunityModal.tsx';
export {
  categoryLabels,
  type OpportunityType,
  type Stage,
  stageColors,
  stageLabels,
  stages,
  typeLabels,
  typeOptions,
} from './labels.ts';
export { OpportunityDrawerById } from './OpportunityDrawerById.tsx';
export { OpportunityFormDrawer } from './OpportunityFormDrawer.tsx';
export {
  PIPELINE_MAX,
  type PipelineFilters,
  pipelineQuery,
  useUpdateOpportunity,
} from './opportunities.api.ts';
