import { Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { changedFields, showFieldErrors } from '../../ui/form.ts';
import { FormError } from '../../ui/states.tsx';
import { canWorkAccounts, useMe } from '../session/index.ts';
import { type Project, useUpdateProject } from './projects.api.ts';

/** What the project includes and what the client wants from it, in words; editable by the account team. */
export function ScopeTab({ project }: { project: Project }) {
  const me = useMe();
  const [editing, setEditing] = useState(false);
  const canEdit = canWorkAccounts(me);
  if (editing) return <ScopeForm project={project} onDone={() => setEditing(false)} />;
  const block = (title: string, text: string | null, empty: string) => (
    <Paper withBorder p="md">
      <Title order={2} size="h5" mb="xs">
        {title}
      </Title>
      {text ? (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {text}
        </Text>
      ) : (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      )}
    </Paper>
  );
  return (
    <Stack gap="md">
      {canEdit && (
        <Group justify="flex-end">
          <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
            Edit scope and goals
          </Button>
        </Group>
      )}
      {block('Scope', project.scope, 'No scope written yet: what is and is not included.')}
      {block('Goals', project.goals, 'No goals written yet: the client’s goals in their words.')}
    </Stack>
  );
}

function ScopeForm({ project, onDone }: { project: Project; onDone: () => void }) {
  const update = useUpdateProject();
  const form = useForm({ initialValues: { scope: project.scope ?? '', goals: project.goals ?? '' } });
  const submit = (v: typeof form.values) => {
    const patch = changedFields(project, { scope: v.scope.trim() || null, goals: v.goals.trim() || null });
    if (!patch) return onDone();
    update.mutate(
      { project, body: patch },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: 'Scope and goals saved.' });
          onDone();
        },
        onError: showFieldErrors(form),
      },
    );
  };
  return (
    <form noValidate onSubmit={form.onSubmit(submit)}>
      <Stack gap="sm">
        <FormError error={update.error} fields={['scope', 'goals']} />
        <Textarea
          label="Scope"
          description="What is and is not included."
          autosize
          minRows={4}
          maxRows={20}
          {...form.getInputProps('scope')}
        />
        <Textarea
          label="Goals"
          description="The client’s goals, in their words."
          autosize
          minRows={3}
          maxRows={20}
          {...form.getInputProps('goals')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
