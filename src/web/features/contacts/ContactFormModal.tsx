import { Select, SimpleGrid, Switch, Textarea, TextInput } from '@mantine/core';
import { type UseFormReturnType, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import type { Contact } from '../../api.ts';
import { FormModal, FormShell } from '../../ui/FormShell.tsx';
import { changedFields, showFieldErrors } from '../../ui/form.ts';
import { personName } from '../../ui/format.ts';
import { type ContactBody, useSaveContact } from './contacts.api.ts';
import { type ContactRole, contactRoleOptions } from './labels.ts';

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
    <FormModal
      opened={opened}
      onClose={onClose}
      title={contact ? `Edit ${personName(contact.firstName, contact.lastName)}` : 'New contact'}
    >
      <ContactForm accountId={accountId} contact={contact} onDone={onClose} />
    </FormModal>
  );
}

const text = (v: string) => v.trim() || null;

const initialValues = (contact: Contact | null) => ({
  firstName: contact?.firstName ?? '',
  lastName: contact?.lastName ?? '',
  email: contact?.email ?? '',
  phone: contact?.phone ?? '',
  title: contact?.title ?? '',
  role: contact?.role ?? (null as ContactRole | null),
  isPrimary: contact?.isPrimary ?? false,
  notes: contact?.notes ?? '',
});
type ContactValues = ReturnType<typeof initialValues>;

const rules = {
  firstName: (first: string, { lastName }: ContactValues) =>
    first.trim() || lastName.trim() ? null : 'Enter a first or a last name.',
};

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
  const form = useForm({ initialValues: initialValues(contact), validate: rules });

  const submit = (values: ContactValues) => {
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
    const changes = contact ? changedFields(contact, body) : body;
    if (!changes) return onDone();
    save.mutate(
      { contact, body: changes },
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
        onError: showFieldErrors(form),
      },
    );
  };

  return (
    <FormShell
      form={form}
      mutation={save}
      onSubmit={submit}
      onCancel={onDone}
      submitLabel={contact ? 'Save changes' : 'Add contact'}
    >
      <ContactFields form={form} />
    </FormShell>
  );
}

function ContactFields({ form }: { form: UseFormReturnType<ContactValues> }) {
  return (
    <>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <TextInput
          label="First name"
          data-autofocus
          autoComplete="off"
          {...form.getInputProps('firstName')}
        />
        <TextInput label="Last name" autoComplete="off" {...form.getInputProps('lastName')} />
        <TextInput label="Email" type="email" autoComplete="off" {...form.getInputProps('email')} />
        <TextInput label="Phone" type="tel" autoComplete="off" {...form.getInputProps('phone')} />
        <TextInput
          label="Title"
          placeholder="VP Marketing"
          autoComplete="off"
          {...form.getInputProps('title')}
        />
        <Select
          label="Role"
          placeholder="Not set"
          data={contactRoleOptions}
          clearable
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('role')}
        />
      </SimpleGrid>
      <Switch
        label="Primary contact"
        description="The main person for this account. Marking one clears the others."
        {...form.getInputProps('isPrimary', { type: 'checkbox' })}
      />
      <Textarea label="Notes" autosize minRows={2} maxRows={8} {...form.getInputProps('notes')} />
    </>
  );
}
