import { Button, Group, Modal, MultiSelect, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { fieldErrorsOf, otherFieldErrors, type Team } from '../../api.ts';
import { FormError } from '../../ui/states.tsx';
import { userDirectoryQuery } from '../users/users.api.ts';
import { type TeamBody, useCreateTeam, useUpdateTeam } from './teams.api.ts';

const fields = ['name', 'managerIds', 'memberIds'] as const;

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
    <Modal opened={opened} onClose={onClose} title={team ? `Edit ${team.name}` : 'New team'} size="lg">
      <TeamForm team={team} onDone={onClose} />
    </Modal>
  );
}

const sameSet = (a: string[], b: string[]) => [...a].sort().join() === [...b].sort().join();

function TeamForm({ team, onDone }: { team: Team | null; onDone: () => void }) {
  const [values, setValues] = useState<TeamBody>({
    name: team?.name ?? '',
    managerIds: team?.managerIds ?? [],
    memberIds: team?.memberIds ?? [],
  });
  const [nameError, setNameError] = useState<string>();
  const users = useQuery(userDirectoryQuery);
  const create = useCreateTeam();
  const update = useUpdateTeam();
  const mutation = team ? update : create;

  // Deactivated users stay listed while they are still on the team, so they can be removed.
  const keep = new Set([...values.managerIds, ...values.memberIds]);
  const userData = (users.data ?? [])
    .filter((u) => u.active || keep.has(u.id))
    .map((u) => ({ value: u.id, label: u.active ? `${u.name} (${u.email})` : `${u.name} (deactivated)` }));

  const submit = () => {
    const name = values.name.trim();
    setNameError(name ? undefined : 'Enter a name.');
    if (!name) return;
    if (!team) {
      create.mutate(
        { ...values, name },
        {
          onSuccess: (t) => {
            notifications.show({ color: 'green', message: `Team ${t.name} created.` });
            onDone();
          },
        },
      );
      return;
    }
    const patch: Partial<TeamBody> = {};
    if (name !== team.name) patch.name = name;
    if (!sameSet(values.managerIds, team.managerIds)) patch.managerIds = values.managerIds;
    if (!sameSet(values.memberIds, team.memberIds)) patch.memberIds = values.memberIds;
    if (Object.keys(patch).length === 0) {
      onDone();
      return;
    }
    update.mutate(
      { team, body: patch },
      {
        onSuccess: (t) => {
          notifications.show({ color: 'green', message: `Saved the changes to ${t.name}.` });
          onDone();
        },
      },
    );
  };

  const server = fieldErrorsOf(mutation.error);
  const placeholder = users.isPending
    ? 'Loading users…'
    : users.isError
      ? 'Could not load users'
      : 'Pick people';
  const picker = {
    data: userData,
    searchable: true,
    clearable: true,
    disabled: users.isPending,
    placeholder,
    nothingFoundMessage: 'Nobody matches.',
    comboboxProps: { withinPortal: true },
  };

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
          label="Name"
          required
          data-autofocus
          value={values.name}
          onChange={(e) => {
            const name = e.currentTarget.value;
            setValues((v) => ({ ...v, name }));
          }}
          error={nameError ?? server.name}
        />
        <MultiSelect
          label="Managers"
          description="Managers see the accounts owned by this team's members."
          value={values.managerIds}
          onChange={(managerIds) => setValues((v) => ({ ...v, managerIds }))}
          error={server.managerIds}
          {...picker}
        />
        <MultiSelect
          label="Members"
          value={values.memberIds}
          onChange={(memberIds) => setValues((v) => ({ ...v, memberIds }))}
          error={server.memberIds}
          {...picker}
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {team ? 'Save changes' : 'Create team'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
