import type { Feature } from '../../feature.ts';
import { teamReportRoutes } from './team-report.routes.ts';

/** The director's reports over a team: the team report and loss reasons. */
export const teamReportFeature: Feature = { name: 'team-report', routes: teamReportRoutes };
export { lossReasons } from './loss-reasons.service.ts';
export { teamReport } from './team-report.service.ts';
