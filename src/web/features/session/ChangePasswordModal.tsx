import { PasswordInput, Text } from '@mantine/core';
import { isNotEmpty, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { FormModal, FormShell } from '../../ui/FormShell.tsx';
import { showFieldErrors } from '../../ui/form.ts';
import { NewPasswordFields, passwordToggle } from './NewPasswordFields.tsx';
import { newPasswordError, repeatError, useChangePassword } from './password.ts';
import { useMe } from './session.ts';

/** The signed-in user's own password, opened from the user menu. */
export function ChangePasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <FormModal opened={opened} onClose={onClose} title="Change password">
      <ChangePasswordForm onDone={onClose} />
    </FormModal>
  );
}

function ChangePasswordForm({ onDone }: { onDone: () => void }) {
  const me = useMe();
  const change = useChangePassword();
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', repeatPassword: '' },
    validate: {
      currentPassword: isNotEmpty('Enter your current password.'),
      newPassword: (value, values) =>
        newPasswordError(value) ??
        (value === values.currentPassword ? 'Choose a password other than your current one.' : null),
      repeatPassword: (value, values) => repeatError(value, values),
    },
  });

  const submit = (v: typeof form.values) =>
    change.mutate(
      { currentPassword: v.currentPassword, newPassword: v.newPassword },
      {
        onSuccess: () => {
          notifications.show({
            color: 'green',
            message: 'Your password is changed. You stay signed in here; your other sessions are signed out.',
          });
          onDone();
        },
        onError: showFieldErrors(form),
      },
    );

  return (
    <FormShell
      form={form}
      mutation={change}
      onSubmit={submit}
      onCancel={onDone}
      submitLabel="Change password"
      intro={
        <Text size="sm">
          Changing it signs out your other sessions; you stay signed in here. Your API keys keep working.
        </Text>
      }
    >
      {/* For password managers: whose password this is. */}
      <input type="email" name="username" autoComplete="username" value={me.email} readOnly hidden />
      <PasswordInput
        label="Current password"
        autoComplete="current-password"
        required
        data-autofocus
        visibilityToggleButtonProps={passwordToggle}
        {...form.getInputProps('currentPassword')}
      />
      <NewPasswordFields form={form} />
    </FormShell>
  );
}
