import { MultiSelect, NumberInput, PasswordInput, Select, TextInput } from '@mantine/core';
import { isNotEmpty, type UseFormReturnType, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import type { Role, User } from '../../api.ts';
import { FormModal, FormShell } from '../../ui/FormShell.tsx';
import { changedFields, showFieldErrors, wholeNumber } from '../../ui/form.ts';
import { roleDescription, roleOptions } from './roles.ts';
import { teamsQuery, type UserCreateBody, useCreateUser, useUpdateUser } from './users.api.ts';

/** Creates a user (no `user`) or changes one. Only admins see it. */
export function UserFormModal({
  opened,
  user,
  onClose,
}: {
  opened: boolean;
  user: User | null;
  onClose: () => void;
}) {
  return (
    <FormModal opened={opened} onClose={onClose} title={user ? `Edit ${user.name}` : 'New user'}>
      <UserForm user={user} onDone={onClose} />
    </FormModal>
  );
}

const initialValues = (user: User | null) => ({
  email: user?.email ?? '',
  name: user?.name ?? '',
  role: user?.role ?? ('account_manager' as Role),
  password: '',
  teamIds: user?.teamIds ?? [],
  weeklyCapacityPoints: (user?.weeklyCapacityPoints ?? 20) as number | string,
});
type UserValues = ReturnType<typeof initialValues>;

const rules = {
  email: isNotEmpty('Enter an e-mail address.'),
  name: isNotEmpty('Enter a name.'),
  password: (p: string) => (p && p.length < 10 ? 'Use at least 10 characters.' : null),
  weeklyCapacityPoints: wholeNumber(0, 200, 'Enter a whole number of points from 0 to 200.'),
};

function UserForm({ user, onDone }: { user: User | null; onDone: () => void }) {
  const create = useCreateUser();
  const update = useUpdateUser();
  const form = useForm({ initialValues: initialValues(user), validate: rules });

  const submit = (v: UserValues) => {
    const body: UserCreateBody = {
      ...v,
      email: v.email.trim(),
      name: v.name.trim(),
      // Empty keeps the current password; a new one is always sent.
      password: v.password || undefined,
      weeklyCapacityPoints: Number(v.weeklyCapacityPoints),
    };
    const onError = showFieldErrors(form);
    if (!user) {
      return create.mutate(body, {
        onSuccess: (created) => {
          notifications.show({ color: 'green', message: `${created.name} can now be found in Users.` });
          onDone();
        },
        onError,
      });
    }
    const patch = changedFields(user, body);
    if (!patch) return onDone();
    update.mutate(
      { user, body: patch },
      {
        onSuccess: (updated) => {
          notifications.show({ color: 'green', message: `Saved the changes to ${updated.name}.` });
          onDone();
        },
        onError,
      },
    );
  };

  return (
    <FormShell
      form={form}
      mutation={user ? update : create}
      onSubmit={submit}
      onCancel={onDone}
      submitLabel={user ? 'Save changes' : 'Create user'}
    >
      <UserFields form={form} editing={user !== null} />
    </FormShell>
  );
}

function UserFields({ form, editing }: { form: UseFormReturnType<UserValues>; editing: boolean }) {
  const teams = useQuery(teamsQuery);
  const teamData = (teams.data ?? []).map((t) => ({ value: t.id, label: t.name }));
  return (
    <>
      <TextInput
        label="Email"
        type="email"
        autoComplete="off"
        required
        data-autofocus
        {...form.getInputProps('email')}
      />
      <TextInput label="Name" autoComplete="off" required {...form.getInputProps('name')} />
      <Select
        label="Role"
        data={roleOptions}
        allowDeselect={false}
        description={roleDescription(form.values.role)}
        comboboxProps={{ withinPortal: true }}
        {...form.getInputProps('role')}
      />
      <PasswordInput
        label={editing ? 'New password' : 'Password'}
        description={
          editing
            ? 'Leave empty to keep the current password. A new one signs them out everywhere.'
            : 'Optional, at least 10 characters. Without one they cannot sign in until an admin sets one.'
        }
        autoComplete="new-password"
        visibilityToggleButtonProps={{ 'aria-label': 'Show typed characters' }}
        {...form.getInputProps('password')}
      />
      <MultiSelect
        label="Teams"
        description="Teams this user is a member of."
        data={teamData}
        searchable
        clearable
        disabled={teams.isPending || teamData.length === 0}
        placeholder={
          teams.isPending
            ? 'Loading teams…'
            : teams.isError
              ? 'Could not load teams'
              : teamData.length === 0
                ? 'No teams yet'
                : 'Pick teams'
        }
        nothingFoundMessage="No team matches."
        comboboxProps={{ withinPortal: true }}
        {...form.getInputProps('teamIds')}
      />
      <NumberInput
        label="Weekly capacity"
        description="Effort points of tasks and deliverables they can take on in a week; the workload heat map compares each week's load with it."
        min={0}
        max={200}
        allowDecimal={false}
        allowNegative={false}
        suffix=" points"
        w={220}
        {...form.getInputProps('weeklyCapacityPoints')}
      />
    </>
  );
}
