import { Drawer, NumberInput, Select, SimpleGrid, TagsInput, TextInput } from '@mantine/core';
import { isNotEmpty, type UseFormReturnType, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { Account } from '../../api.ts';
import { FormShell } from '../../ui/FormShell.tsx';
import { changedFields, showFieldErrors, wholeNumber } from '../../ui/form.ts';
import { useMe } from '../session/index.ts';
import { UsersPicker, userDirectoryQuery } from '../users/index.ts';
import { AccountSelect } from './AccountSelect.tsx';
import { type AccountCreateBody, useCreateAccount, useUpdateAccount } from './accounts.api.ts';
import { CustomFieldsInput } from './CustomFieldsInput.tsx';
import { customFieldKeyRule, customFieldRows, customFieldsOf } from './customFields.ts';
import {
  defaultCadenceDays,
  ownerRoles,
  type Segment,
  type Stage,
  segmentLabels,
  segmentOptions,
  stageOptions,
} from './labels.ts';

/** Creates an account (no `account`) or changes one, in a drawer beside the page. */
export function AccountFormDrawer({
  opened,
  account,
  onClose,
}: {
  opened: boolean;
  account: Account | null;
  onClose: () => void;
}) {
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      title={account ? `Edit ${account.name}` : 'New account'}
      position="right"
      size="md"
      styles={{ title: { fontWeight: 700, fontSize: 'var(--mantine-font-size-lg)' } }}
    >
      {/* Mounted only while open, so the form starts from the account as it is now. */}
      {opened && <AccountForm account={account} onDone={onClose} />}
    </Drawer>
  );
}

const initialValues = (account: Account | null, meId: string) => ({
  name: account?.name ?? '',
  domain: account?.domain ?? '',
  industry: account?.industry ?? '',
  segment: account?.segment ?? ('smb' as Segment),
  lifecycleStage: account?.lifecycleStage ?? ('prospect' as Stage),
  ownerId: account?.ownerId ?? meId,
  checkInCadenceDays: account?.checkInCadenceDays ?? ('' as number | string),
  tags: account?.tags ?? [],
  parentAccountId: account?.parentAccountId ?? null,
  teamMemberIds: account?.teamMemberIds ?? [],
  customFields: customFieldRows(account?.customFields ?? {}),
});
type AccountValues = ReturnType<typeof initialValues>;

const rules = {
  name: isNotEmpty('Enter a name.'),
  checkInCadenceDays: wholeNumber(1, 365, 'Enter a whole number of days from 1 to 365.', { optional: true }),
  customFields: { key: customFieldKeyRule },
};

function AccountForm({ account, onDone }: { account: Account | null; onDone: () => void }) {
  const me = useMe();
  const navigate = useNavigate();
  const create = useCreateAccount();
  const update = useUpdateAccount();
  const form = useForm({ initialValues: initialValues(account, me.id), validate: rules });

  const submit = (v: AccountValues) => {
    const body: AccountCreateBody = {
      ...v,
      name: v.name.trim(),
      domain: v.domain.trim() || null,
      industry: v.industry.trim() || null,
      // Empty means the segment's default; it is not sent, so an edit cannot clear a set cadence.
      checkInCadenceDays: v.checkInCadenceDays === '' ? undefined : Number(v.checkInCadenceDays),
      customFields: customFieldsOf(v.customFields, account?.customFields),
    };
    const onError = showFieldErrors(form);
    if (!account) {
      return create.mutate(body, {
        onSuccess: (created) => {
          notifications.show({ color: 'green', message: `${created.name} created.` });
          onDone();
          void navigate({ to: '/accounts/$accountId', params: { accountId: created.id } });
        },
        onError,
      });
    }
    const patch = changedFields(account, body);
    if (!patch) return onDone();
    update.mutate(
      { account, body: patch },
      {
        onSuccess: (a) => {
          notifications.show({ color: 'green', message: `Saved the changes to ${a.name}.` });
          onDone();
        },
        onError,
      },
    );
  };

  return (
    <FormShell
      form={form}
      mutation={account ? update : create}
      onSubmit={submit}
      onCancel={onDone}
      submitLabel={account ? 'Save changes' : 'Create account'}
    >
      <AccountFields form={form} excludeId={account?.id} />
    </FormShell>
  );
}

function AccountFields({ form, excludeId }: { form: UseFormReturnType<AccountValues>; excludeId?: string }) {
  const me = useMe();
  const users = useQuery(userDirectoryQuery);
  const { values } = form;
  const owners = (users.data ?? [])
    .filter((u) => (u.active && ownerRoles.has(u.role)) || u.id === values.ownerId)
    .map((u) => ({ value: u.id, label: u.id === me.id ? `${u.name} (me)` : u.name }));
  if (!owners.some((o) => o.value === values.ownerId) && values.ownerId === me.id)
    owners.unshift({ value: me.id, label: `${me.name} (me)` });

  return (
    <>
      <TextInput label="Name" required data-autofocus autoComplete="off" {...form.getInputProps('name')} />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <TextInput
          label="Domain"
          placeholder="acme.com"
          autoComplete="off"
          {...form.getInputProps('domain')}
        />
        <TextInput label="Industry" autoComplete="off" {...form.getInputProps('industry')} />
        <Select
          label="Segment"
          data={segmentOptions}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('segment')}
        />
        <Select
          label="Stage"
          data={stageOptions}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('lifecycleStage')}
        />
      </SimpleGrid>
      <Select
        label="Owner"
        data={owners}
        allowDeselect={false}
        searchable
        nothingFoundMessage="Nobody matches."
        comboboxProps={{ withinPortal: true }}
        {...form.getInputProps('ownerId')}
      />
      <NumberInput
        label="Check-in cadence (days)"
        description="How often someone should be in touch with this account."
        placeholder={`${defaultCadenceDays[values.segment]} (${segmentLabels[values.segment]} default)`}
        min={1}
        max={365}
        allowDecimal={false}
        allowNegative={false}
        {...form.getInputProps('checkInCadenceDays')}
      />
      <TagsInput
        label="Tags"
        description="Press Enter after each tag."
        clearable
        maxTags={50}
        comboboxProps={{ withinPortal: true }}
        {...form.getInputProps('tags')}
      />
      <AccountSelect
        label="Parent account"
        description="For a subsidiary or a division of a larger client."
        placeholder="None: type to search"
        clearable
        value={values.parentAccountId}
        onChange={(id) => form.setFieldValue('parentAccountId', id)}
        excludeId={excludeId}
        error={form.errors.parentAccountId}
      />
      <UsersPicker
        label="Account team"
        description="People besides the owner who work this account; they see it too."
        placeholder="Add people"
        exclude={values.ownerId}
        {...form.getInputProps('teamMemberIds')}
        value={values.teamMemberIds}
      />
      <CustomFieldsInput form={form} />
    </>
  );
}
