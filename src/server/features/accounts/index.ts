import { dayOf } from '../../../core/rules/dates.ts';
import { systemContext } from '../../auth/context.ts';
import type { Feature } from '../../feature.ts';
import { accountsRoutes } from './accounts.routes.ts';
import { accounts, accountTeamMembers, renewalSortKey } from './accounts.table.ts';
import { emitOverdueCheckIns } from './check-ins.ts';

export const accountsFeature: Feature = {
  name: 'accounts',
  routes: accountsRoutes,
  tables: { accountTeamMembers, accounts },
  jobs: [
    // Each hour (a day's dates, caught up soon after downtime): `check_in.overdue` on the due day.
    {
      name: 'check-ins-overdue',
      cron: '7 * * * *',
      run: async (ctx) => {
        const system = systemContext(ctx);
        await emitOverdueCheckIns(ctx.db, system, dayOf(system.now));
      },
    },
  ],
};
export { accountInScope, assertCanWorkAccounts, assertMayWrite } from './access.ts';
export { listAccounts, nameOrDomainMatches, scopedPage } from './accounts.service.ts';
export { accountIdsInScope, accountScope, inAccountScope } from './scope.ts';
export { accounts, accountTeamMembers, emitOverdueCheckIns, renewalSortKey };
