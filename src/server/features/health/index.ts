import { systemContext } from '../../auth/context.ts';
import type { Feature } from '../../feature.ts';
import { healthReactions } from './health.reactions.ts';
import { healthRoutes } from './health.routes.ts';
import { snapshotHealth } from './health.service.ts';
import { healthCurrent, healthSignals, healthSnapshots } from './health.table.ts';

export const healthFeature: Feature = {
  name: 'health',
  routes: healthRoutes,
  tables: { healthCurrent, healthSignals, healthSnapshots },
  reactions: healthReactions,
  jobs: [
    // Just after midnight UTC: the day's scores (days since the last touch grow, signals go stale).
    { name: 'health-snapshot', cron: '5 0 * * *', run: (ctx) => snapshotHealth(ctx.db, systemContext(ctx)) },
  ],
};
export { healthCurrent, healthSignals, healthSnapshots, snapshotHealth };
