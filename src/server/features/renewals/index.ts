import { dayOf } from '../../../core/rules/dates.ts';
import { systemContext } from '../../auth/context.ts';
import type { Feature } from '../../feature.ts';
import { watchedRenewalDays } from '../playbooks/index.ts';
import { renewalsRoutes } from './renewals.routes.ts';
import { runRenewalSweep } from './sweep.service.ts';
import { emitRenewalWindows } from './windows.ts';

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
    // Each hour: `renewal.window_entered` for contracts that came within a watched window.
    {
      name: 'renewal-windows',
      cron: '11 * * * *',
      run: async (ctx) => {
        const system = systemContext(ctx);
        await emitRenewalWindows(ctx.db, system, dayOf(system.now), await watchedRenewalDays(ctx.db));
      },
    },
  ],
};
export { emitRenewalWindows, runRenewalSweep };
