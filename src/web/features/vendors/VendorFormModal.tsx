import { Switch, Textarea, TextInput } from '@mantine/core';
import { isNotEmpty, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { FormModal, FormShell } from '../../ui/FormShell.tsx';
import { changedFields, showFieldErrors } from '../../ui/form.ts';
import { useCreateVendor, useUpdateVendor, type Vendor, type VendorBody } from './vendors.api.ts';

/** Adds a vendor to the directory (no `vendor`) or changes one. */
export function VendorFormModal({
  opened,
  vendor,
  onClose,
  onCreated,
}: {
  opened: boolean;
  vendor: Vendor | null;
  onClose: () => void;
  onCreated?: (vendor: Vendor) => void;
}) {
  return (
    <FormModal opened={opened} onClose={onClose} title={vendor ? `Edit ${vendor.name}` : 'New vendor'}>
      <VendorForm vendor={vendor} onDone={onClose} onCreated={onCreated} />
    </FormModal>
  );
}

const initialValues = (v: Vendor | null) => ({
  name: v?.name ?? '',
  category: v?.category ?? '',
  email: v?.email ?? '',
  phone: v?.phone ?? '',
  website: v?.website ?? '',
  notes: v?.notes ?? '',
  active: v?.active ?? true,
});
type Values = ReturnType<typeof initialValues>;

/** Empty text is no value: the server stores null. */
const orNull = (s: string) => s.trim() || null;

function VendorForm({
  vendor,
  onDone,
  onCreated,
}: {
  vendor: Vendor | null;
  onDone: () => void;
  onCreated?: (vendor: Vendor) => void;
}) {
  const create = useCreateVendor();
  const update = useUpdateVendor();
  const form = useForm({
    initialValues: initialValues(vendor),
    validate: {
      name: isNotEmpty('Enter the vendor’s name.'),
      website: (w: string) =>
        w.trim() && !/^https?:\/\//i.test(w.trim()) ? 'Start the address with https:// or http://.' : null,
    },
  });

  const submit = (v: Values) => {
    const body: VendorBody = {
      name: v.name.trim(),
      category: orNull(v.category),
      email: orNull(v.email),
      phone: orNull(v.phone),
      website: orNull(v.website),
      notes: orNull(v.notes),
      active: v.active,
    };
    const onError = showFieldErrors(form);
    if (!vendor) {
      return create.mutate(body, {
        onSuccess: (created) => {
          notifications.show({ color: 'green', message: `${created.name} is in the vendors directory.` });
          onDone();
          onCreated?.(created);
        },
        onError,
      });
    }
    const patch = changedFields(vendor, body);
    if (!patch) return onDone();
    update.mutate(
      { vendor, body: patch },
      {
        onSuccess: (updated) => {
          notifications.show({ color: 'green', message: `Saved the changes to ${updated.name}.` });
          onDone();
        },
        onError,
      },
    );
  };

  return (
    <FormShell
      form={form}
      mutation={vendor ? update : create}
      onSubmit={submit}
      onCancel={onDone}
      submitLabel={vendor ? 'Save changes' : 'Add vendor'}
    >
      <TextInput label="Name" required data-autofocus autoComplete="off" {...form.getInputProps('name')} />
      <TextInput
        label="Category"
        placeholder="Photography, printing, media buying…"
        autoComplete="off"
        {...form.getInputProps('category')}
      />
      <TextInput label="E-mail" type="email" autoComplete="off" {...form.getInputProps('email')} />
      <TextInput label="Phone" autoComplete="off" {...form.getInputProps('phone')} />
      <TextInput
        label="Website"
        placeholder="https://"
        autoComplete="off"
        {...form.getInputProps('website')}
      />
      <Textarea label="Notes" autosize minRows={2} maxRows={8} {...form.getInputProps('notes')} />
      <Switch
        label="Active"
        description="Inactive vendors stay in the directory with their record, for reference."
        {...form.getInputProps('active', { type: 'checkbox' })}
      />
    </FormShell>
  );
}
