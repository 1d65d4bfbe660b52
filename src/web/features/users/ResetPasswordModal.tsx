import { Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import type { User } from '../../api.ts';
import { FormModal, FormShell } from '../../ui/FormShell.tsx';
import { showFieldErrors } from '../../ui/form.ts';
import { NewPasswordFields, newPasswordError, repeatError } from '../session/index.ts';
import { useResetPassword } from './users.api.ts';

/** An admin gives a user a new password (for one who forgot theirs). */
export function ResetPasswordModal({
  opened,
  user,
  onClose,
}: {
  opened: boolean;
  user: User | null;
  onClose: () => void;
}) {
  return (
    <FormModal opened={opened} onClose={onClose} title={`Reset the password of ${user?.name ?? 'a user'}`}>
      {user && <ResetPasswordForm user={user} onDone={onClose} />}
    </FormModal>
  );
}

function ResetPasswordForm({ user, onDone }: { user: User; onDone: () => void }) {
  const reset = useResetPassword();
  const form = useForm({
    initialValues: { newPassword: '', repeatPassword: '' },
    validate: { newPassword: newPasswordError, repeatPassword: repeatError },
  });

  const submit = (v: typeof form.values) =>
    reset.mutate(
      { user, newPassword: v.newPassword },
      {
        onSuccess: () => {
          notifications.show({
            color: 'green',
            message: `${user.name} is signed out everywhere and signs in with the new password from now on.`,
          });
          onDone();
        },
        onError: showFieldErrors(form),
      },
    );

  return (
    <FormShell
      form={form}
      mutation={reset}
      onSubmit={submit}
      onCancel={onDone}
      submitLabel="Reset password"
      intro={
        <Text size="sm">
          Resetting it signs {user.name} ({user.email}) out everywhere at once. Tell them the new password in
          person or over a channel you trust. Their API keys keep working.
        </Text>
      }
    >
      <NewPasswordFields form={form} autoFocus />
    </FormShell>
  );
}
