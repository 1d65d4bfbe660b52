import { dayOf } from '../../../core/rules/dates.ts';
import { systemContext } from '../../auth/context.ts';
import type { Feature } from '../../feature.ts';
import { renewalsRoutes } from './renewals.routes.ts';
import { runRenewalSweep } from './sweep.service.ts';

export const renewalsFeature: Feature = {
  name: 'renewals',
  routes: renewalsRoutes,
  jobs: [
    // Renewal opportunities and tasks, expiries, and the day's ARR on every account.
    {
      name: 'renewal-sweep',
      cron: '15 0 * * *',
      run: async (ctx) => {
        const system = systemContext(ctx);
        await runRenewalSweep(ctx.db, system, dayOf(system.now));
      },
    },
  ],
};
export { runRenewalSweep };
