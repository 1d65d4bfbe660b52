import {
  Button,
  Drawer,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { type Account, fieldErrorsOf, otherFieldErrors } from '../../api.ts';
import { FormError } from '../../ui/states.tsx';
import { useMe } from '../session/session.ts';
import { userDirectoryQuery } from '../users/users.api.ts';
import {
  type AccountCreateBody,
  type AccountPatchBody,
  useCreateAccount,
  useUpdateAccount,
} from './accounts.api.ts';
import {
  defaultCadenceDays,
  ownerRoles,
  type Segment,
  type Stage,
  segmentLabels,
  segmentOptions,
  stageOptions,
} from './labels.ts';
import { ParentAccountSelect } from './ParentAccountSelect.tsx';

const fields = [
  'name',
  'domain',
  'industry',
  'segment',
  'lifecycleStage',
  'ownerId',
  'checkInCadenceDays',
  'tags',
  'parentAccountId',
] as const;
type Field = (typeof fields)[number];

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

function AccountForm({ account, onDone }: { account: Account | null; onDone: () => void }) {
  const me = useMe();
  const navigate = useNavigate();
  const users = useQuery(userDirectoryQuery);
  const create = useCreateAccount();
  const update = useUpdateAccount();
  const mutation = account ? update : create;
  const [values, setValues] = useState({
    name: account?.name ?? '',
    domain: account?.domain ?? '',
    industry: account?.industry ?? '',
    segment: account?.segment ?? ('smb' as Segment),
    lifecycleStage: account?.lifecycleStage ?? ('prospect' as Stage),
    ownerId: account?.ownerId ?? me.id,
    checkInCadenceDays: account?.checkInCadenceDays ?? ('' as number | string),
    tags: account?.tags ?? [],
    parentAccountId: account?.parentAccountId ?? null,
  });
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  // A field's server error goes once the user changes that field.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const set = <K extends keyof typeof values>(key: K, value: (typeof values)[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setEdited((e) => (e.has(key) ? e : new Set(e).add(key)));
  };

  const owners = (users.data ?? [])
    .filter((u) => (u.active && ownerRoles.has(u.role)) || u.id === values.ownerId)
    .map((u) => ({ value: u.id, label: u.id === me.id ? `${u.name} (me)` : u.name }));
  if (!owners.some((o) => o.value === values.ownerId) && values.ownerId === me.id)
    owners.unshift({ value: me.id, label: `${me.name} (me)` });

  const submit = () => {
    const errors: Partial<Record<Field, string>> = {};
    const name = values.name.trim();
    if (!name) errors.name = 'Enter a name.';
    const cadence = values.checkInCadenceDays === '' ? undefined : Number(values.checkInCadenceDays);
    if (cadence !== undefined && (!Number.isInteger(cadence) || cadence < 1 || cadence > 365))
      errors.checkInCadenceDays = 'Enter a whole number of days from 1 to 365.';
    setLocal(errors);
    if (Object.keys(errors).length) return;
    setEdited(new Set());

    const body: AccountCreateBody = {
      name,
      domain: values.domain.trim() || null,
      industry: values.industry.trim() || null,
      segment: values.segment,
      lifecycleStage: values.lifecycleStage,
      ownerId: values.ownerId,
      tags: values.tags,
      parentAccountId: values.parentAccountId,
      ...(cadence !== undefined ? { checkInCadenceDays: cadence } : {}),
    };
    if (!account) {
      create.mutate(body, {
        onSuccess: (created) => {
          notifications.show({ color: 'green', message: `${created.name} created.` });
          onDone();
          void navigate({ to: '/accounts/$accountId', params: { accountId: created.id } });
        },
      });
      return;
    }
    const patch: AccountPatchBody = {};
    if (body.name !== account.name) patch.name = body.name;
    if (body.domain !== account.domain) patch.domain = body.domain;
    if (body.industry !== account.industry) patch.industry = body.industry;
    if (body.segment !== account.segment) patch.segment = body.segment;
    if (body.lifecycleStage !== account.lifecycleStage) patch.lifecycleStage = body.lifecycleStage;
    if (body.ownerId !== account.ownerId) patch.ownerId = body.ownerId;
    if (body.parentAccountId !== account.parentAccountId) patch.parentAccountId = body.parentAccountId;
    if (cadence !== undefined && cadence !== account.checkInCadenceDays) patch.checkInCadenceDays = cadence;
    if (body.tags?.join('\n') !== account.tags.join('\n')) patch.tags = body.tags;
    if (Object.keys(patch).length === 0) {
      onDone();
      return;
    }
    update.mutate(
      { account, body: patch },
      {
        onSuccess: (a) => {
          notifications.show({ color: 'green', message: `Saved the changes to ${a.name}.` });
          onDone();
        },
      },
    );
  };

  const server = fieldErrorsOf(mutation.error);
  const errorOf = (f: Field) => local[f] ?? (edited.has(f) ? undefined : server[f]);
  const segmentDefault = defaultCadenceDays[values.segment];

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
          autoComplete="off"
          value={values.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={errorOf('name')}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            label="Domain"
            placeholder="acme.com"
            autoComplete="off"
            value={values.domain}
            onChange={(e) => set('domain', e.currentTarget.value)}
            error={errorOf('domain')}
          />
          <TextInput
            label="Industry"
            autoComplete="off"
            value={values.industry}
            onChange={(e) => set('industry', e.currentTarget.value)}
            error={errorOf('industry')}
          />
          <Select
            label="Segment"
            data={segmentOptions}
            value={values.segment}
            allowDeselect={false}
            onChange={(v) => v && set('segment', v as Segment)}
            error={errorOf('segment')}
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label="Stage"
            data={stageOptions}
            value={values.lifecycleStage}
            allowDeselect={false}
            onChange={(v) => v && set('lifecycleStage', v as Stage)}
            error={errorOf('lifecycleStage')}
            comboboxProps={{ withinPortal: true }}
          />
        </SimpleGrid>
        <Select
          label="Owner"
          data={owners}
          value={values.ownerId}
          allowDeselect={false}
          searchable
          onChange={(v) => v && set('ownerId', v)}
          nothingFoundMessage="Nobody matches."
          error={errorOf('ownerId')}
          comboboxProps={{ withinPortal: true }}
        />
        <NumberInput
          label="Check-in cadence (days)"
          description="How often someone should be in touch with this account."
          placeholder={`${segmentDefault} (${segmentLabels[values.segment]} default)`}
          min={1}
          max={365}
          allowDecimal={false}
          allowNegative={false}
          value={values.checkInCadenceDays}
          onChange={(v) => set('checkInCadenceDays', v)}
          error={errorOf('checkInCadenceDays')}
        />
        <TagsInput
          label="Tags"
          description="Press Enter after each tag."
          value={values.tags}
          onChange={(tags) => set('tags', tags)}
          clearable
          maxTags={50}
          error={errorOf('tags')}
          comboboxProps={{ withinPortal: true }}
        />
        <ParentAccountSelect
          value={values.parentAccountId}
          onChange={(id) => set('parentAccountId', id)}
          excludeId={account?.id}
          error={errorOf('parentAccountId')}
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {account ? 'Save changes' : 'Create account'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
