import { Button, Group, Modal, Stack } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { ReactNode } from 'react';
import { fieldsOf, onCtrlEnter } from './form.ts';
import { FormError } from './states.tsx';

/**
 * The frame of a form in a modal or drawer: the error of its last request above the fields, Cancel and
 * the submit button below. `onSubmit` runs with the values once the form's rules pass.
 */
export function FormShell<V extends object>({
  form,
  mutation,
  onSubmit,
  onCancel,
  submitLabel,
  submitColor,
  intro,
  ctrlEnter = false,
  children,
}: {
  form: UseFormReturnType<V>;
  /** The request the form sends: its error is shown, and the submit button spins while it runs. */
  mutation: { error: unknown; isPending: boolean };
  onSubmit: (values: V) => void;
  onCancel: () => void;
  submitLabel: string;
  submitColor?: string;
  /** Shown above the error. */
  intro?: ReactNode;
  /** Ctrl+Enter submits from any field (for forms with a long text). */
  ctrlEnter?: boolean;
  children: ReactNode;
}) {
  const submit = form.onSubmit(onSubmit);
  return (
    <form noValidate onSubmit={submit} onKeyDown={ctrlEnter ? onCtrlEnter(() => submit()) : undefined}>
      <Stack gap="sm">
        {intro}
        <FormError error={mutation.error} fields={fieldsOf(form)} />
        {children}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" color={submitColor} loading={mutation.isPending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A modal around a form, mounted only while open so that the form starts from the record as it is now. */
export function FormModal({
  opened,
  onClose,
  title,
  children,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="lg">
      {opened && children}
    </Modal>
  );
}
