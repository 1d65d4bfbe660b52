import { Button, Group, Modal, MultiSelect, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { fieldErrorsOf, otherFieldErrors, type Role, type User } from '../../api.ts';
import { FormError } from '../../ui/states.tsx';
import { teamsQuery } from '../teams/teams.api.ts';
import { roleDescription, roleOptions } from './roles.ts';
import { type UserPatchBody, useCreateUser, useUpdateUser } from './users.api.ts';

const fields = ['email', 'name', 'role', 'password', 'teamIds'] as const;
type Field = (typeof fields)[number];

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
    <Modal opened={opened} onClose={onClose} title={user ? `Edit ${user.name}` : 'New user'} size="lg">
      <UserForm user={user} onDone={onClose} />
    </Modal>
  );
}

function UserForm({ user, onDone }: { user: User | null; onDone: () => void }) {
  const [values, setValues] = useState({
    email: user?.email ?? '',
    name: user?.name ?? '',
    role: user?.role ?? ('account_manager' as Role),
    password: '',
    teamIds: user?.teamIds ?? [],
  });
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const teams = useQuery(teamsQuery);
  const create = useCreateUser();
  const update = useUpdateUser();
  const mutation = user ? update : create;

  const set = <K extends keyof typeof values>(key: K, value: (typeof values)[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  const submit = () => {
    const errors: Partial<Record<Field, string>> = {};
    if (!values.email.trim()) errors.email = 'Enter an e-mail address.';
    if (!values.name.trim()) errors.name = 'Enter a name.';
    if (values.password && values.password.length < 10) errors.password = 'Use at least 10 characters.';
    setLocal(errors);
    if (Object.keys(errors).length) return;

    const body = {
      email: values.email.trim(),
      name: values.name.trim(),
      role: values.role,
      teamIds: values.teamIds,
      ...(values.password ? { password: values.password } : {}),
    };
    if (!user) {
      create.mutate(body, {
        onSuccess: (created) => {
          notifications.show({ color: 'green', message: `${created.name} can now be found in Users.` });
          onDone();
        },
      });
      return;
    }
    const patch: UserPatchBody = {};
    if (body.email !== user.email) patch.email = body.email;
    if (body.name !== user.name) patch.name = body.name;
    if (body.role !== user.role) patch.role = body.role;
    if ([...body.teamIds].sort().join() !== [...user.teamIds].sort().join()) patch.teamIds = body.teamIds;
    if (body.password) patch.password = body.password;
    if (Object.keys(patch).length === 0) {
      onDone();
      return;
    }
    update.mutate(
      { user, body: patch },
      {
        onSuccess: (updated) => {
          notifications.show({ color: 'green', message: `Saved the changes to ${updated.name}.` });
          onDone();
        },
      },
    );
  };

  const server = fieldErrorsOf(mutation.error);
  const errorOf = (f: Field) => local[f] ?? server[f];
  const teamData = (teams.data ?? []).map((t) => ({ value: t.id, label: t.name }));

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="sm">
        <FormError error={mutation.error} extra={otherFieldErrors(mutation.error, fields)} />
        <TextInput
          label="Email"
          type="email"
          autoComplete="off"
          required
          data-autofocus
          value={values.email}
          onChange={(e) => set('email', e.currentTarget.value)}
          error={errorOf('email')}
        />
        <TextInput
          label="Name"
          autoComplete="off"
          required
          value={values.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={errorOf('name')}
        />
        <Select
          label="Role"
          data={roleOptions}
          value={values.role}
          allowDeselect={false}
          description={roleDescription(values.role)}
          onChange={(v) => v && set('role', v as Role)}
          error={errorOf('role')}
          comboboxProps={{ withinPortal: true }}
        />
        <PasswordInput
          label={user ? 'New password' : 'Password'}
          description={
            user
              ? 'Leave empty to keep the current password. A new one signs them out everywhere.'
              : 'Optional, at least 10 characters. Without one they cannot sign in until an admin sets one.'
          }
          autoComplete="new-password"
          value={values.password}
          onChange={(e) => set('password', e.currentTarget.value)}
          error={errorOf('password')}
          visibilityToggleButtonProps={{ 'aria-label': 'Show typed characters' }}
        />
        <MultiSelect
          label="Teams"
          description="Teams this user is a member of."
          data={teamData}
          value={values.teamIds}
          onChange={(ids) => set('teamIds', ids)}
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
          error={errorOf('teamIds')}
          comboboxProps={{ withinPortal: true }}
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {user ? 'Save changes' : 'Create user'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
