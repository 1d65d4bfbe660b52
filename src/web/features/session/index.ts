import { lazyRouteComponent } from '@tanstack/react-router';
import type { WebFeature } from '../feature.ts';
import { sessionRoutes } from './routes.tsx';

// The session feature's public surface: the sign-in page, the signed-in user and what their role
// allows, the change-password dialog for the app shell, and the new-password fields and rules other
// password forms reuse.
export const feature = {
  publicRoutes: sessionRoutes,
} satisfies WebFeature;

/** Loaded when first shown (it brings the password rules' schema, and zod): render it in Suspense. */
export const ChangePasswordModal = lazyRouteComponent(
  () => import('./ChangePasswordModal.tsx'),
  'ChangePasswordModal',
);
export { NewPasswordFields } from './NewPasswordFields.tsx';
export { newPasswordError, repeatError } from './password.ts';
export { canWorkAccounts, MeContext, meQuery, setupQuery, useMe } from './session.ts';
