// The session feature's public surface: the change-password dialog for the app shell, and the
// new-password fields and rules other password forms reuse.
export { ChangePasswordModal } from './ChangePasswordModal.tsx';
export { NewPasswordFields } from './NewPasswordFields.tsx';
export { newPasswordError, repeatError } from './password.ts';
