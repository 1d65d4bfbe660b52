import type { WebFeature } from '../feature.ts';
import { profileRoutes } from './routes.tsx';

// The signed-in person's profile (from the user menu); its tabs come from the features that own
// each preference.
export const feature = {
  routes: profileRoutes,
} satisfies WebFeature;
