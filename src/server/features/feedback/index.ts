import type { Feature } from '../../feature.ts';
import { feedbackRoutes } from './feedback.routes.ts';
import { feedback } from './feedback.table.ts';

export const feedbackFeature: Feature = { name: 'feedback', routes: feedbackRoutes, tables: { feedback } };
export { listFeedback } from './feedback.service.ts';
export { feedback };
