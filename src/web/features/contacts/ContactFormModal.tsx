import { Button, Group, Modal, Select, SimpleGrid, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { type Contact, fieldErrorsOf, otherFieldErrors } from '../../api.ts';
import { personName } from '../../ui/format.ts';
import { FormError } from '../../ui/states.tsx';
import { type ContactBody, useSaveContact } from './contacts.api.ts';
import { type ContactRole, contactRoleOptions } from './labels.ts';

const fields = ['firstName', 'lastName', 'email', 'phone', 'title', 'role', 'isPrimary', 'notes'] as const;
type Field = (typeof fields)[number];

export function ContactFormModal({
  opened,
  accountId,
  contact,
  onClose,
}: {
  opened: boolean;
  accountId: string;
  contact: Contact | null;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={contact ? `Edit ${personName(contact.firstName, contact.lastName)}` : 'New contact'}
      size="lg"
    >
      {opened && <ContactForm accountId={accountId} contact={contact} onDone={onClose} />}
    </Modal>
  );
}

const text = (v: string) => v.trim() || null;

function ContactForm({
  accountId,
  contact,
  onDone,
}: {
  accountId: string;
  contact: Contact | null;
  onDone: () => void;
}) {
  const save = useSaveContact(accountId);
  const [values, setValues] = useState({
    firstName: contact?.firstName ?? '',
    lastName: contact?.lastName ?? '',
    email: contact?.email ?? '',
    phone: contact?.phone ?? '',
    title: contact?.title ?? '',
    role: contact?.role ?? null,
    isPrimary: contact?.isPrimary ?? false,
    notes: contact?.notes ?? '',
  });
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const set = <K extends keyof typeof values>(key: K, value: (typeof values)[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  const submit = () => {
    const errors: Partial<Record<Field, string>> = {};
    if (!values.firstName.trim() && !values.lastName.trim())
      errors.firstName = 'Enter a first or a last name.';
    setLocal(errors);
    if (Object.keys(errors).length) return;
    const body: ContactBody = {
      firstName: text(values.firstName),
      lastName: text(values.lastName),
      email: text(values.email),
      phone: text(values.phone),
      title: text(values.title),
      role: values.role,
      isPrimary: values.isPrimary,
      notes: text(values.notes),
    };
    if (contact) {
      // Only what changed, so a concurrent edit of another field is not overwritten.
      for (const key of Object.keys(body) as (keyof ContactBody)[]) {
        if (body[key] === (contact[key] ?? null)) delete body[key];
      }
      if (Object.keys(body).length === 0) {
        onDone();
        return;
      }
    }
    save.mutate(
      { contact, body },
      {
        onSuccess: (c) => {
          notifications.show({
            color: 'green',
            message: contact
              ? `Saved the changes to ${personName(c.firstName, c.lastName)}.`
              : `${personName(c.firstName, c.lastName)} added.`,
          });
          onDone();
        },
      },
    );
  };

  const server = fieldErrorsOf(save.error);
  const errorOf = (f: Field) => local[f] ?? server[f];

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="sm">
        <FormError error={save.error} extra={otherFieldErrors(save.error, fields)} />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            label="First name"
            data-autofocus
            autoComplete="off"
            value={values.firstName}
            onChange={(e) => set('firstName', e.currentTarget.value)}
            error={errorOf('firstName')}
          />
          <TextInput
            label="Last name"
            autoComplete="off"
            value={values.lastName}
            onChange={(e) => set('lastName', e.currentTarget.value)}
            error={errorOf('lastName')}
          />
          <TextInput
            label="Email"
            type="email"
            autoComplete="off"
            value={values.email}
            onChange={(e) => set('email', e.currentTarget.value)}
            error={errorOf('email')}
          />
          <TextInput
            label="Phone"
            type="tel"
            autoComplete="off"
            value={values.phone}
            onChange={(e) => set('phone', e.currentTarget.value)}
            error={errorOf('phone')}
          />
          <TextInput
            label="Title"
            placeholder="VP Marketing"
            autoComplete="off"
            value={values.title}
            onChange={(e) => set('title', e.currentTarget.value)}
            error={errorOf('title')}
          />
          <Select
            label="Role"
            placeholder="Not set"
            data={contactRoleOptions}
            value={values.role}
            onChange={(v) => set('role', v as ContactRole | null)}
            clearable
            error={errorOf('role')}
            comboboxProps={{ withinPortal: true }}
          />
        </SimpleGrid>
        <Switch
          label="Primary contact"
          description="The main person for this account. Marking one clears the others."
          checked={values.isPrimary}
          onChange={(e) => set('isPrimary', e.currentTarget.checked)}
          error={errorOf('isPrimary')}
        />
        <Textarea
          label="Notes"
          autosize
          minRows={2}
          maxRows={8}
          value={values.notes}
          onChange={(e) => set('notes', e.currentTarget.value)}
          error={errorOf('notes')}
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {contact ? 'Save changes' : 'Add contact'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
