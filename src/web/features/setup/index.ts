import type { WebFeature } from '../feature.ts';
import { setupRoutes } from './routes.tsx';

// First run: the page that creates the first admin.
export const feature = {
  publicRoutes: setupRoutes,
} satisfies WebFeature;
