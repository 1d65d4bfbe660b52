import { systemContext } from '../../auth/context.ts';
import type { Feature } from '../../feature.ts';
import { emitBreaches } from './breaches.ts';
import { issuesRoutes } from './issues.routes.ts';
import { issues, issueUpdates } from './issues.table.ts';

export const issuesFeature: Feature = {
  name: 'issues',
  routes: issuesRoutes,
  tables: { issueUpdates, issues },
  jobs: [
    // Every minute: `issue.breached` for each unresolved issue whose SLA has just passed.
    {
      name: 'issue-breaches',
      cron: '* * * * *',
      run: async (ctx) => void (await emitBreaches(ctx.db, systemContext(ctx))),
    },
  ],
};
export { listIssues } from './issues.service.ts';
export { emitBreaches, issues, issueUpdates };
