import { eventTypes } from '../../../core/events.ts';
import type { Feature } from '../../feature.ts';
import { playbooksRoutes } from './playbooks.routes.ts';
import { playbooksSubscriber, runPlaybooks, watchedRenewalDays } from './playbooks.runner.ts';
import { playbookEnrolments, playbookRuns, playbooks } from './playbooks.table.ts';
import { signalThresholdEvents } from './thresholds.ts';

/** Every event type of the contract can start a playbook; an import's bookkeeping cannot. */
const triggerTypes = eventTypes.filter((t) => !t.startsWith('import.'));

export const playbooksFeature: Feature = {
  name: 'playbooks',
  routes: playbooksRoutes,
  tables: { playbooks, playbookRuns, playbookEnrolments },
  subscribers: [playbooksSubscriber(triggerTypes)],
  // Every second: the runs the subscriber recorded, and the retries that are due.
  workers: [{ name: 'playbook-runs', everyMs: 1_000, run: (ctx) => runPlaybooks(ctx).then(() => {}) }],
};
export type { SignalReading } from './thresholds.ts';
export { playbookRuns, playbooks, runPlaybooks, signalThresholdEvents, watchedRenewalDays };
