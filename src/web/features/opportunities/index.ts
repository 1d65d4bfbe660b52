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
/**
 * The drawer of an opportunity known by its id alone, its code (the opportunity form's, with its
 * pickers) loaded when first rendered: pages open it on a click, so render it, in Suspense, once
 * one is opened, rather than load it with the page.
 */
export const OpportunityDrawerById = lazyRouteComponent(
  () => import('./OpportunityDrawerById.tsx'),
  'OpportunityDrawerById',
);
export { OpportunityFormDrawer } from './OpportunityFormDrawer.tsx';
export {
  PIPELINE_MAX,
  type PipelineFilters,
  pipelineQuery,
  useUpdateOpportunity,
} from './opportunities.api.ts';
