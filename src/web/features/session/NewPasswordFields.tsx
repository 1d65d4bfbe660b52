import { PasswordInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';

/** The eye button of a password field, named for screen readers. */
export const passwordToggle = { 'aria-label': 'Show typed characters' };

/** "New password" and "Repeat new password", for any form whose values hold both. */
export function NewPasswordFields<V extends { newPassword: string; repeatPassword: string }>({
  form,
  autoFocus = false,
}: {
  form: UseFormReturnType<V>;
  autoFocus?: boolean;
}) {
  return (
    <>
      <PasswordInput
        label="New password"
        description="At least 10 characters."
        autoComplete="new-password"
        required
        data-autofocus={autoFocus || undefined}
        visibilityToggleButtonProps={passwordToggle}
        {...form.getInputProps('newPassword')}
      />
      <PasswordInput
        label="Repeat new password"
        autoComplete="new-password"
        required
        visibilityToggleButtonProps={passwordToggle}
        {...form.getInputProps('repeatPassword')}
      />
    </>
  );
}
