import type { Feature } from '../../feature.ts';
import { issuesRoutes } from './issues.routes.ts';
import { issues, issueUpdates } from './issues.table.ts';

export const issuesFeature: Feature = {
  name: 'issues',
  routes: issuesRoutes,
  tables: { issueUpdates, issues },
};
export { listIssues } from './issues.service.ts';
export { issues, issueUpdates };
