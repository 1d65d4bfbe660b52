import { Alert, Button, Center, Group, List, Loader, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconInbox } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { errorMessage, otherFieldErrors } from '../api.ts';

/** A centred spinner for a page or section that is loading. */
export function PageLoader({ label = 'Loading…' }: { label?: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader />
        <Text size="sm" c="dimmed">
          {label}
        </Text>
      </Stack>
    </Center>
  );
}

/** The error of a failed request, with a way to try again. */
export function ErrorState({
  error,
  title = 'Could not load this',
  onRetry,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}) {
  return (
    <Alert color="red" title={title} icon={<IconAlertCircle />} role="alert">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{errorMessage(error)}</Text>
        {onRetry && (
          <Button size="xs" variant="light" color="red" onClick={onRetry}>
            Try again
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

/**
 * A form-level error: the problem's detail, and the field errors of the answer that are not about one
 * of the form's `fields` (those are shown on their fields, see `showFieldErrors`).
 */
export function FormError({ error, fields }: { error: unknown; fields?: readonly string[] }) {
  if (!error) return null;
  const extra = fields ? otherFieldErrors(error, fields) : [];
  return (
    <Alert color="red" icon={<IconAlertCircle />} role="alert" title="That did not work">
      <Text size="sm">{errorMessage(error)}</Text>
      {extra.length > 0 && (
        <List size="sm" mt="xs">
          {extra.map((e) => (
            <List.Item key={`${e.path}:${e.message}`}>
              {e.path}: {e.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

/** Shown when a list has nothing in it. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Center py="xl">
      <Stack align="center" gap={4} maw={420} ta="center">
        <IconInbox size={32} stroke={1.5} aria-hidden />
        <Text fw={500}>{title}</Text>
        {children && (
          <Text size="sm" c="dimmed">
            {children}
          </Text>
        )}
      </Stack>
    </Center>
  );
}

/** The title row of a page or tab, with its actions on the right. */
export function Toolbar({ children, actions }: { children: ReactNode; actions?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-end" gap="sm" wrap="wrap">
      <Group gap="sm" align="flex-end" wrap="wrap" style={{ flex: '1 1 260px' }}>
        {children}
      </Group>
      {actions && <Group gap="xs">{actions}</Group>}
    </Group>
  );
}
