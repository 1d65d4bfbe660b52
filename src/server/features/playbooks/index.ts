import { triggerEvents } from '../../../core/schemas/playbooks.ts';
import type { Feature } from '../../feature.ts';
import { playbooksRoutes } from './playbooks.routes.ts';
import { playbooksSubscriber, runPlaybooks, watchedRenewalDays } from './playbooks.runner.ts';
import { playbookEnrolments, playbookRuns, playbooks } from './playbooks.table.ts';
import { signalThresholdEvents } from './thresholds.ts';

export const playbooksFeature: Feature = {
  name: 'playbooks',
  routes: playbooksRoutes,
  tables: { playbooks, playbookRuns, playbookEnrolments },
  subscribers: [playbooksSubscriber(triggerEvents)],
  // Every second: the runs the subscriber recorded, and the retries that are due.
  workers: [{ name: 'playbook-runs', everyMs: 1_000, run: (ctx) => runPlaybooks(ctx).then(() => {}) }],
};
export type { SignalReading } from './thresholds.ts';
export { playbookRuns, playbooks, runPlaybooks, signalThresholdEvents, watchedRenewalDays };
