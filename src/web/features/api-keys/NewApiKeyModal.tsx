import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { type CreatedApiKey, fieldErrorsOf, otherFieldErrors } from '../../api.ts';
import { copyText } from '../../ui/copy.ts';
import { formatDateTime } from '../../ui/format.ts';
import { FormError } from '../../ui/states.tsx';
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
  const [name, setName] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [local, setLocal] = useState<{ name?: string; expiresAt?: string }>({});
  const create = useCreateApiKey();

  const submit = () => {
    const errors: typeof local = {};
    if (!name.trim()) errors.name = 'Enter a name, such as the script or service that will use the key.';
    if (expiresOn && expiresOn < todayUtc()) errors.expiresAt = 'Pick today or a later date.';
    setLocal(errors);
    if (Object.keys(errors).length) return;
    create.mutate(
      {
        name: name.trim(),
        // The key works until the end of the chosen day, in UTC.
        ...(expiresOn ? { expiresAt: `${expiresOn}T23:59:59.999Z` } : {}),
      },
      { onSuccess: onCreated },
    );
  };
  const server = fieldErrorsOf(create.error);

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="sm">
        <FormError error={create.error} extra={otherFieldErrors(create.error, ['name', 'expiresAt'])} />
        <TextInput
          label="Name"
          description="What the key is for, so you recognise it later."
          required
          data-autofocus
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={local.name ?? server.name}
        />
        <TextInput
          label="Expires on"
          type="date"
          description="Optional. The key stops working at the end of this day (UTC). Leave empty for a key that does not expire."
          min={todayUtc()}
          value={expiresOn}
          onChange={(e) => setExpiresOn(e.currentTarget.value)}
          error={local.expiresAt ?? server.expiresAt}
        />
        <Text size="sm" c="dimmed">
          The key acts as you, with your role and scope.
        </Text>
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create key
          </Button>
        </Group>
      </Stack>
    </form>
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
