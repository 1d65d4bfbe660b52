import {
  ActionIcon,
  Button,
  Divider,
  Group,
  Menu,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormErrors, type UseFormReturnType, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconBraces, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { ApiError, api, unwrap } from '../../api.ts';
import { FormShell } from '../../ui/FormShell.tsx';
import { typeOptions } from '../opportunities/index.ts';
import { userDirectoryQuery } from '../users/index.ts';
import {
  accountFields,
  actionLabels,
  conditionOps,
  conditionValueHints,
  eventFieldLabel,
  lifecycleStageOptions,
  priorityOptions,
  recipientOptions,
  triggerLabel,
  triggerLabels,
} from './labels.ts';
import { type Playbook, type PlaybookWrite, placeholdersQuery, useSavePlaybook } from './playbooks.api.ts';

interface ConditionRow {
  field: string;
  op: string;
  value: string;
}

interface ActionRow {
  type: string;
  title: string;
  assignTo: string;
  assignUser: string;
  dueInDays: number | string;
  priority: string;
  effortPoints: number | string;
  to: string;
  toUser: string;
  message: string;
  subject: string;
  body: string;
  stage: string;
  tag: string;
  opportunityType: string;
  name: string;
  amount: number | string;
  webhookId: string;
}

interface Values {
  name: string;
  description: string;
  trigger: {
    event: string;
    params: { days: number | string; metric: string; op: string; value: number | string };
  };
  conditions: ConditionRow[];
  actions: ActionRow[];
  enrolment: string;
  enrolmentDays: number | string;
}

const blankAction = (type: string): ActionRow => ({
  type,
  title: '',
  assignTo: 'owner',
  assignUser: '',
  dueInDays: 3,
  priority: 'normal',
  effortPoints: 1,
  to: 'owner',
  toUser: '',
  message: '',
  subject: '',
  body: '',
  stage: 'at_risk',
  tag: '',
  opportunityType: 'upsell',
  name: '',
  amount: '',
  webhookId: '',
});

const isRole = (v: string) => ['owner', 'manager', 'team'].includes(v);

function toValues(p: Playbook | null): Values {
  const params = (p?.trigger.params ?? {}) as Record<string, unknown>;
  const enrolment = p?.enrolment ?? 'once_per_account';
  return {
    name: p?.name ?? '',
    description: p?.description ?? '',
    trigger: {
      event: p?.trigger.event ?? 'health.band_changed',
      params: {
        days: (params.days as number) ?? 90,
        metric: (params.metric as string) ?? '',
        op: (params.op as string) ?? 'lt',
        value: (params.value as number) ?? '',
      },
    },
    conditions: (p?.conditions ?? []).map((c) => ({
      field: c.field,
      op: c.op,
      value: Array.isArray(c.value) ? c.value.join(', ') : String(c.value ?? ''),
    })),
    actions: (p?.actions ?? [{ type: 'create_task' }]).map((a) => {
      const row = { ...blankAction(String(a.type)), ...(a as Partial<ActionRow>) };
      const assignTo = String(a.assignTo ?? 'owner');
      const to = String(a.to ?? 'owner');
      return {
        ...row,
        assignTo: isRole(assignTo) ? assignTo : 'user',
        assignUser: isRole(assignTo) ? '' : assignTo,
        to: isRole(to) ? to : 'user',
        toUser: isRole(to) ? '' : to,
        amount: a.amount === undefined ? '' : (a.amount as number),
      };
    }),
    enrolment: typeof enrolment === 'string' ? enrolment : 'days',
    enrolmentDays: typeof enrolment === 'string' ? 30 : enrolment.atMostEveryDays,
  };
}

/** A condition's value as the server takes it: a list for "in", numbers where they are numbers. */
function conditionValue(c: ConditionRow): string | number | (string | number)[] {
  const one = (s: string) => (s.trim() !== '' && !Number.isNaN(Number(s)) ? Number(s) : s.trim());
  if (c.op === 'in')
    return c.value
      .split(',')
      .map(one)
      .filter((v) => v !== '');
  if (['gt', 'gte', 'lt', 'lte'].includes(c.op) || c.field === 'arr') return one(c.value);
  return c.value.trim();
}

function toBody(v: Values): PlaybookWrite {
  const { event } = v.trigger;
  const params =
    event === 'renewal.window_entered'
      ? { days: Number(v.trigger.params.days) }
      : event === 'signal.threshold_crossed'
        ? { metric: v.trigger.params.metric, op: v.trigger.params.op, value: Number(v.trigger.params.value) }
        : undefined;
  const actions = v.actions.map((a) => {
    switch (a.type) {
      case 'create_task':
        return {
          type: a.type,
          title: a.title,
          assignTo: a.assignTo === 'user' ? a.assignUser : a.assignTo,
          dueInDays: Number(a.dueInDays),
          priority: a.priority,
          effortPoints: Number(a.effortPoints),
        };
      case 'notify':
        return { type: a.type, to: a.to === 'user' ? a.toUser : a.to, message: a.message };
      case 'send_email':
        return { type: a.type, to: a.to === 'user' ? a.toUser : a.to, subject: a.subject, body: a.body };
      case 'set_lifecycle_stage':
        return { type: a.type, stage: a.stage };
      case 'add_tag':
        return { type: a.type, tag: a.tag };
      case 'create_opportunity':
        return {
          type: a.type,
          opportunityType: a.opportunityType,
          name: a.name,
          ...(a.amount === '' ? {} : { amount: Number(a.amount) }),
        };
      default:
        return { type: a.type, webhookId: a.webhookId };
    }
  });
  return {
    name: v.name.trim(),
    description: v.description.trim() || null,
    trigger: params ? { event, params } : { event },
    conditions: v.conditions.map((c) => ({ field: c.field, op: c.op, value: conditionValue(c) })),
    actions,
    enrolment: v.enrolment === 'days' ? { atMostEveryDays: Number(v.enrolmentDays) } : v.enrolment,
  } as PlaybookWrite;
}

/** The text fields each action needs filled in. */
const requiredText: Record<string, (keyof ActionRow)[]> = {
  create_task: ['title'],
  notify: ['message'],
  send_email: ['subject', 'body'],
  add_tag: ['tag'],
  create_opportunity: ['name'],
};

/**
 * What the form can tell before the server does: a name, each condition's value, each action's texts,
 * its person, its endpoint.
 */
function validate(v: Values): FormErrors {
  const errors: FormErrors = {};
  if (!v.name.trim()) errors.name = 'Give the playbook a name.';
  v.conditions.forEach((c, i) => {
    if (!c.value.trim()) errors[`conditions.${i}.value`] = 'Fill this in.';
  });
  v.actions.forEach((a, i) => {
    for (const field of requiredText[a.type] ?? []) {
      if (!String(a[field]).trim()) errors[`actions.${i}.${field}`] = 'Fill this in.';
    }
    if (a.type === 'create_task' && a.assignTo === 'user' && !a.assignUser)
      errors[`actions.${i}.assignTo`] = 'Pick the person.';
    if ((a.type === 'notify' || a.type === 'send_email') && a.to === 'user' && !a.toUser)
      errors[`actions.${i}.to`] = 'Pick the person.';
    if (a.type === 'call_webhook' && !a.webhookId) errors[`actions.${i}.webhookId`] = 'Pick an endpoint.';
  });
  return errors;
}

/**
 * The server's messages by their whole path (`actions.1.message`), which are the form's paths too;
 * a message on a field the form does not show stays in the alert above the form.
 */
function errorsByPath(err: unknown): FormErrors {
  const out: FormErrors = {};
  if (!(err instanceof ApiError)) return out;
  for (const e of err.problem.errors ?? []) {
    out[e.path] ??= e.message.charAt(0).toUpperCase() + e.message.slice(1);
  }
  return out;
}

/** Scrolls to the first field of the form in error, and focuses it. */
function showFirstError(formEl: HTMLFormElement | null | undefined): void {
  const field = formEl?.querySelector<HTMLElement>('[aria-invalid="true"]');
  field?.scrollIntoView({ block: 'center' });
  field?.focus({ preventScroll: true });
}

/** The value at a dotted path (`actions.1.message`). */
function valueAt(values: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
      values,
    );
}

/** A button beside a text field that inserts one of the trigger's placeholders at its end. */
function PlaceholderMenu({
  form,
  path,
  label,
  placeholders,
}: {
  form: UseFormReturnType<Values>;
  path: string;
  label: string;
  placeholders: string[];
}) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="light" aria-label={`Insert a placeholder into ${label}`} mt={24}>
          <IconBraces size={16} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Insert</Menu.Label>
        {placeholders.map((p) => (
          <Menu.Item
            key={p}
            onClick={() => {
              const current = String(valueAt(form.getValues(), path) ?? '');
              form.setFieldValue(path, `${current}${current && !current.endsWith(' ') ? ' ' : ''}{{${p}}}`);
            }}
          >
            {`{{${p}}}`}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

export function PlaybookBuilder({ playbook, onDone }: { playbook: Playbook | null; onDone: () => void }) {
  const save = useSavePlaybook();
  const users = useQuery(userDirectoryQuery);
  const catalogue = useQuery(placeholdersQuery);
  const webhooks = useQuery({
    queryKey: ['webhooks', 'for-playbooks'],
    queryFn: () => unwrap(api.GET('/api/v1/webhooks', { params: { query: { limit: 200 } } })),
  });
  const form = useForm<Values>({ initialValues: toValues(playbook), validate });
  // The form is long: when it refuses to save, or the server does, bring its first field in error
  // into view (once the errors are drawn).
  const top = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const formEl = top.current?.closest('form');
    const onSubmit = () => setTimeout(() => showFirstError(formEl), 0);
    formEl?.addEventListener('submit', onSubmit);
    return () => formEl?.removeEventListener('submit', onSubmit);
  }, []);
  const values = form.getValues();
  const event = values.trigger.event;
  const placeholders = catalogue.data?.data.find((c) => c.event === event)?.placeholders ?? [];
  const dataKeys = placeholders.filter((p) => p.startsWith('event.data.')).map((p) => p.slice(6));
  const userOptions = (users.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }));
  const webhookOptions = (
    (webhooks.data as { data?: { id: string; url: string }[] } | undefined)?.data ?? []
  ).map((w) => ({ value: w.id, label: w.url }));

  const submit = (v: Values) =>
    save.mutate(
      { id: playbook?.id, version: playbook?.version, body: toBody(v) },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'green', message: `Playbook ${saved.name} saved.` });
          onDone();
        },
        // The server names each field (actions.1.message): the form's paths are the same.
        onError: (err) => {
          form.setErrors(errorsByPath(err));
          setTimeout(() => showFirstError(top.current?.closest('form')), 0);
        },
      },
    );

  const text = (i: number, field: keyof ActionRow, label: string, long = false) => {
    const path = `actions.${i}.${field}`;
    const Input = long ? Textarea : TextInput;
    return (
      <Group align="flex-start" gap="xs" wrap="nowrap">
        <Input
          label={label}
          required
          style={{ flex: 1 }}
          autosize={long || undefined}
          {...form.getInputProps(path)}
          key={form.key(path)}
        />
        <PlaceholderMenu form={form} path={path} label={label} placeholders={placeholders} />
      </Group>
    );
  };

  const who = (i: number, field: 'assignTo' | 'to', label: string, withTeam: boolean) => {
    const person = form.getValues().actions[i]?.[field] === 'user';
    return (
      <Group grow align="flex-start">
        <Select
          label={label}
          data={recipientOptions.filter((o) => withTeam || o.value !== 'team')}
          allowDeselect={false}
          {...form.getInputProps(`actions.${i}.${field}`)}
          // With a person to pick, the message goes on the person.
          error={person ? undefined : form.errors[`actions.${i}.${field}`]}
          key={form.key(`actions.${i}.${field}`)}
        />
        {person && (
          <Select
            label="Person"
            searchable
            data={userOptions}
            {...form.getInputProps(`actions.${i}.${field === 'assignTo' ? 'assignUser' : 'toUser'}`)}
            error={form.errors[`actions.${i}.${field}`]}
            key={form.key(`actions.${i}.${field === 'assignTo' ? 'assignUser' : 'toUser'}`)}
          />
        )}
      </Group>
    );
  };

  return (
    <FormShell form={form} mutation={save} onSubmit={submit} onCancel={onDone} submitLabel="Save playbook">
      <div ref={top} hidden />
      <TextInput
        label="Name"
        required
        data-autofocus
        {...form.getInputProps('name')}
        key={form.key('name')}
      />
      <Textarea
        label="Description"
        autosize
        {...form.getInputProps('description')}
        key={form.key('description')}
      />

      <Divider label="When" labelPosition="left" />
      <Select
        label="Trigger"
        searchable
        allowDeselect={false}
        data={Object.keys(triggerLabels).map((value) => ({ value, label: triggerLabel(value) }))}
        {...form.getInputProps('trigger.event')}
        key={form.key('trigger.event')}
      />
      {event === 'renewal.window_entered' && (
        <NumberInput
          label="Days before the contract ends"
          min={1}
          max={730}
          {...form.getInputProps('trigger.params.days')}
          error={form.errors['trigger.params.days'] ?? form.errors['trigger.params']}
          key={form.key('trigger.params.days')}
        />
      )}
      {event === 'signal.threshold_crossed' && (
        <Group grow align="flex-start">
          <TextInput
            label="Metric"
            {...form.getInputProps('trigger.params.metric')}
            key={form.key('trigger.params.metric')}
          />
          <Select
            label="Crosses"
            data={[
              { value: 'lt', label: 'below (<)' },
              { value: 'lte', label: 'to or below (≤)' },
              { value: 'gt', label: 'above (>)' },
              { value: 'gte', label: 'to or above (≥)' },
            ]}
            allowDeselect={false}
            {...form.getInputProps('trigger.params.op')}
            key={form.key('trigger.params.op')}
          />
          <NumberInput
            label="Value"
            {...form.getInputProps('trigger.params.value')}
            key={form.key('trigger.params.value')}
          />
        </Group>
      )}

      <Divider label="If (all of these)" labelPosition="left" />
      {values.conditions.length === 0 && (
        <Text size="sm" c="dimmed">
          No conditions: every event of the trigger qualifies.
        </Text>
      )}
      {values.conditions.map((_c, i) => (
        <Group key={form.key(`conditions.${i}`)} align="flex-start" gap="xs" wrap="nowrap">
          <Select
            label="Field"
            aria-label={`Condition ${i + 1} field`}
            data={[
              { group: 'Account', items: accountFields },
              { group: 'Event', items: dataKeys.map((k) => ({ value: k, label: eventFieldLabel(k) })) },
            ]}
            allowDeselect={false}
            style={{ flex: 1 }}
            {...form.getInputProps(`conditions.${i}.field`)}
            key={form.key(`conditions.${i}.field`)}
          />
          <Select
            label="Is"
            aria-label={`Condition ${i + 1} operator`}
            data={conditionOps}
            allowDeselect={false}
            w={150}
            {...form.getInputProps(`conditions.${i}.op`)}
            key={form.key(`conditions.${i}.op`)}
          />
          <TextInput
            label="Value"
            aria-label={`Condition ${i + 1} value`}
            placeholder={conditionValueHints[values.conditions[i]?.field ?? '']}
            style={{ flex: 1 }}
            {...form.getInputProps(`conditions.${i}.value`)}
            key={form.key(`conditions.${i}.value`)}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            mt={24}
            aria-label={`Remove condition ${i + 1}`}
            onClick={() => form.removeListItem('conditions', i)}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() => form.insertListItem('conditions', { field: 'healthBand', op: 'eq', value: '' })}
        >
          Add a condition
        </Button>
      </Group>

      <Divider label="Then (in order)" labelPosition="left" />
      {form.errors.actions && (
        <Text size="sm" c="red">
          {form.errors.actions}
        </Text>
      )}
      {values.actions.map((a, i) => (
        <Paper key={form.key(`actions.${i}`)} withBorder p="sm">
          <Stack gap="xs">
            <Group justify="space-between">
              <Title order={5}>
                {i + 1}. {actionLabels[a.type] ?? a.type}
              </Title>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Remove action ${i + 1}`}
                disabled={values.actions.length === 1}
                onClick={() => form.removeListItem('actions', i)}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
            {a.type === 'create_task' && (
              <>
                {text(i, 'title', 'Task title')}
                {who(i, 'assignTo', 'Assign to', false)}
                <Group grow>
                  <NumberInput
                    label="Due in days"
                    min={0}
                    max={365}
                    {...form.getInputProps(`actions.${i}.dueInDays`)}
                    key={form.key(`actions.${i}.dueInDays`)}
                  />
                  <Select
                    label="Priority"
                    data={priorityOptions}
                    allowDeselect={false}
                    {...form.getInputProps(`actions.${i}.priority`)}
                    key={form.key(`actions.${i}.priority`)}
                  />
                  <NumberInput
                    label="Effort points"
                    min={1}
                    max={40}
                    {...form.getInputProps(`actions.${i}.effortPoints`)}
                    key={form.key(`actions.${i}.effortPoints`)}
                  />
                </Group>
              </>
            )}
            {a.type === 'notify' && (
              <>
                {who(i, 'to', 'Notify', true)}
                {text(i, 'message', 'Message')}
              </>
            )}
            {a.type === 'send_email' && (
              <>
                {who(i, 'to', 'E-mail', true)}
                {text(i, 'subject', 'Subject')}
                {text(i, 'body', 'Body', true)}
              </>
            )}
            {a.type === 'set_lifecycle_stage' && (
              <Select
                label="Stage"
                data={lifecycleStageOptions}
                allowDeselect={false}
                {...form.getInputProps(`actions.${i}.stage`)}
                key={form.key(`actions.${i}.stage`)}
              />
            )}
            {a.type === 'add_tag' && (
              <TextInput
                label="Tag"
                required
                {...form.getInputProps(`actions.${i}.tag`)}
                key={form.key(`actions.${i}.tag`)}
              />
            )}
            {a.type === 'create_opportunity' && (
              <>
                {text(i, 'name', 'Opportunity name')}
                <Group grow>
                  <Select
                    label="Type"
                    data={typeOptions}
                    allowDeselect={false}
                    {...form.getInputProps(`actions.${i}.opportunityType`)}
                    key={form.key(`actions.${i}.opportunityType`)}
                  />
                  <NumberInput
                    label="Amount"
                    min={0}
                    {...form.getInputProps(`actions.${i}.amount`)}
                    key={form.key(`actions.${i}.amount`)}
                  />
                </Group>
              </>
            )}
            {a.type === 'call_webhook' && (
              <Select
                label="Webhook endpoint"
                required
                data={webhookOptions}
                description={
                  webhooks.isSuccess && webhookOptions.length === 0
                    ? 'No endpoint yet: add one in Settings → Webhooks first.'
                    : undefined
                }
                searchable
                {...form.getInputProps(`actions.${i}.webhookId`)}
                key={form.key(`actions.${i}.webhookId`)}
              />
            )}
          </Stack>
        </Paper>
      ))}
      <Menu position="bottom-start">
        <Menu.Target>
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconPlus size={14} />}
            disabled={values.actions.length >= 10}
            w="fit-content"
          >
            Add an action
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {Object.entries(actionLabels).map(([type, label]) => (
            <Menu.Item key={type} onClick={() => form.insertListItem('actions', blankAction(type))}>
              {label}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>

      <Divider label="How often per account" labelPosition="left" />
      <SegmentedControl
        aria-label="Enrolment"
        data={[
          { value: 'once_per_account', label: 'Once per account' },
          { value: 'every_time', label: 'Every time' },
          { value: 'days', label: 'At most every N days' },
        ]}
        {...form.getInputProps('enrolment')}
        key={form.key('enrolment')}
      />
      {values.enrolment === 'days' && (
        <NumberInput
          label="Days between runs for one account"
          min={1}
          max={3650}
          {...form.getInputProps('enrolmentDays')}
          key={form.key('enrolmentDays')}
        />
      )}
    </FormShell>
  );
}
