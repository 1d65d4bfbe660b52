import { MultiSelect, TextInput } from '@mantine/core';
import { isNotEmpty, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import type { Team } from '../../api.ts';
import { FormModal, FormShell } from '../../ui/FormShell.tsx';
import { changedFields, showFieldErrors } from '../../ui/form.ts';
import { userDirectoryQuery } from '../users/index.ts';
import { type TeamBody, useCreateTeam, useUpdateTeam } from './teams.api.ts';

/** Creates a team (no `team`) or changes one. Only admins see it. */
export function TeamFormModal({
  opened,
  team,
  onClose,
}: {
  opened: boolean;
  team: Team | null;
  onClose: () => void;
}) {
  return (
    <FormModal opened={opened} onClose={onClose} title={team ? `Edit ${team.name}` : 'New team'}>
      <TeamForm team={team} onDone={onClose} />
    </FormModal>
  );
}

/** The form always holds both lists, which the API lets a request leave out. */
type TeamValues = Required<TeamBody>;

function TeamForm({ team, onDone }: { team: Team | null; onDone: () => void }) {
  const users = useQuery(userDirectoryQuery);
  const create = useCreateTeam();
  const update = useUpdateTeam();
  const form = useForm<TeamValues>({
    initialValues: {
      name: team?.name ?? '',
      managerIds: team?.managerIds ?? [],
      memberIds: team?.memberIds ?? [],
    },
    validate: { name: isNotEmpty('Enter a name.') },
  });

  // Deactivated users stay listed while they are still on the team, so they can be removed.
  const keep = new Set([...form.values.managerIds, ...form.values.memberIds]);
  const userData = (users.data ?? [])
    .filter((u) => u.active || keep.has(u.id))
    .map((u) => ({ value: u.id, label: u.active ? `${u.name} (${u.email})` : `${u.name} (deactivated)` }));

  const submit = (values: TeamValues) => {
    const body = { ...values, name: values.name.trim() };
    const onError = showFieldErrors(form);
    if (!team) {
      return create.mutate(body, {
        onSuccess: (t) => {
          notifications.show({ color: 'green', message: `Team ${t.name} created.` });
          onDone();
        },
        onError,
      });
    }
    const patch = changedFields(team, body);
    if (!patch) return onDone();
    update.mutate(
      { team, body: patch },
      {
        onSuccess: (t) => {
          notifications.show({ color: 'green', message: `Saved the changes to ${t.name}.` });
          onDone();
        },
        onError,
      },
    );
  };

  const picker = {
    data: userData,
    searchable: true,
    clearable: true,
    disabled: users.isPending,
    placeholder: users.isPending ? 'Loading users…' : users.isError ? 'Could not load users' : 'Pick people',
    nothingFoundMessage: 'Nobody matches.',
    comboboxProps: { withinPortal: true },
  };

  return (
    <FormShell
      form={form}
      mutation={team ? update : create}
      onSubmit={submit}
      onCancel={onDone}
      submitLabel={team ? 'Save changes' : 'Create team'}
    >
      <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
      <MultiSelect
        label="Managers"
        description="Managers see the accounts owned by this team's members."
        {...picker}
        {...form.getInputProps('managerIds')}
      />
      <MultiSelect label="Members" {...picker} {...form.getInputProps('memberIds')} />
    </FormShell>
  );
}
