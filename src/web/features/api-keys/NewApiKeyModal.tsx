import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { isNotEmpty, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import type { CreatedApiKey } from '../../api.ts';
import { copyText } from '../../ui/copy.ts';
import { FormShell } from '../../ui/FormShell.tsx';
import { showFieldErrors } from '../../ui/form.ts';
import { formatDateTime } from '../../ui/format.ts';
import { useCreateApiKey } from './api-keys.api.ts';

/** Today's date in UTC as YYYY-MM-DD, the form a date input uses. */
function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

export function NewApiKeyModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const close = () => {
    onClose();
    // Forget the key once the modal is gone: it is never shown again.
    setTimeout(() => setCreated(null), 300);
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? 'Your new API key' : 'New API key'}
      size="lg"
      // The key must not vanish by a stray click or Escape before it is copied.
      closeOnClickOutside={!created}
      closeOnEscape={!created}
    >
      {created ? (
        <ShowKey created={created} onDone={close} />
      ) : (
        <KeyForm onCreated={setCreated} onCancel={close} />
      )}
    </Modal>
  );
}

function KeyForm({ onCreated, onCancel }: { onCreated: (k: CreatedApiKey) => void; onCancel: () => void }) {
  const create = useCreateApiKey();
  const form = useForm({
    // `expiresAt` holds the chosen day (YYYY-MM-DD), under the name the server gives its errors.
    initialValues: { name: '', expiresAt: '' },
    validate: {
      name: isNotEmpty('Enter a name, such as the script or service that will use the key.'),
      expiresAt: (day) => (day && day < todayUtc() ? 'Pick today or a later date.' : null),
    },
  });

  const submit = ({ name, expiresAt }: typeof form.values) =>
    create.mutate(
      {
        name: name.trim(),
        // The key works until the end of the chosen day, in UTC.
        ...(expiresAt ? { expiresAt: `${expiresAt}T23:59:59.999Z` } : {}),
      },
      { onSuccess: onCreated, onError: showFieldErrors(form) },
    );

  return (
    <FormShell form={form} mutation={create} onSubmit={submit} onCancel={onCancel} submitLabel="Create key">
      <TextInput
        label="Name"
        description="What the key is for, so you recognise it later."
        required
        data-autofocus
        {...form.getInputProps('name')}
      />
      <TextInput
        label="Expires on"
        type="date"
        description="Optional. The key stops working at the end of this day (UTC). Leave empty for a key that does not expire."
        min={todayUtc()}
        {...form.getInputProps('expiresAt')}
      />
      <Text size="sm" c="dimmed">
        The key acts as you, with your role and scope.
      </Text>
    </FormShell>
  );
}

function ShowKey({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    const ok = await copyText(created.key, field.current);
    if (ok) {
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } else {
      field.current?.select();
      notifications.show({
        color: 'yellow',
        message: 'Copying is blocked here: the key is selected, copy it yourself.',
      });
    }
  };
  return (
    <Stack gap="md">
      <Alert color="yellow" icon={<IconAlertTriangle />} title="Copy this key now" role="alert">
        It will not be shown again. Store it somewhere safe, such as a password manager: anyone who has it can
        act as you. If you lose it, revoke it and create another.
      </Alert>
      <TextInput
        ref={field}
        label="API key"
        readOnly
        value={created.key}
        onFocus={(e) => e.currentTarget.select()}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        data-autofocus
      />
      <Text size="sm" c="dimmed">
        {created.name} ·{' '}
        {created.expiresAt ? `expires ${formatDateTime(created.expiresAt)}` : 'does not expire'} · send it as{' '}
        <code>Authorization: Bearer &lt;key&gt;</code>
      </Text>
      <Group justify="flex-end">
        <Button
          variant="light"
          leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
          color={copied ? 'teal' : undefined}
          onClick={() => void copy()}
        >
          {copied ? 'Copied' : 'Copy key'}
        </Button>
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  );
}
