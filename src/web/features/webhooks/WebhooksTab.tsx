import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  Modal,
  MultiSelect,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { webhookEventTypes } from '../../../core/schemas/webhooks.ts';
import { errorMessage } from '../../api.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { copyText } from '../../ui/copy.ts';
import { FormModal, FormShell } from '../../ui/FormShell.tsx';
import { showFieldErrors } from '../../ui/form.ts';
import { formatDateTime } from '../../ui/format.ts';
import { AddButton, MorePages, QueryContent, RecordTable, RowActions } from '../../ui/lists.tsx';
import { EmptyState, Toolbar } from '../../ui/states.tsx';
import { useMe } from '../session/index.ts';
import {
  deliveriesQuery,
  useCreateWebhook,
  useDeleteWebhook,
  useRetryDelivery,
  useRotateSecret,
  useSendTestEvent,
  useUpdateWebhook,
  type Webhook,
  type WebhookCreateBody,
  type WebhookDelivery,
  type WebhookWithSecret,
  webhooksQuery,
} from './webhooks.api.ts';

const eventOptions = webhookEventTypes.map((t) => ({ value: t, label: t }));

/** "All events", or the list (the first three and how many more). */
function eventsLabel(events: readonly string[]): string {
  if (events.includes('*')) return 'All events';
  const shown = events.slice(0, 3).join(', ');
  return events.length > 3 ? `${shown} and ${events.length - 3} more` : shown;
}

function StatusBadge({ webhook }: { webhook: Webhook }) {
  if (webhook.active)
    return (
      <Badge color="green" variant="light">
        Active
      </Badge>
    );
  if (webhook.disabledAt)
    return (
      <Badge color="red" variant="light" title={webhook.disabledReason ?? undefined}>
        Disabled
      </Badge>
    );
  return (
    <Badge color="gray" variant="light">
      Paused
    </Badge>
  );
}

/** Settings → Webhooks: admins only (the tab is hidden from others, but its address still opens). */
export function WebhooksTab() {
  const me = useMe();
  if (me.role !== 'admin')
    return (
      <Alert color="gray" title="Admins only">
        Only admins manage webhook endpoints.
      </Alert>
    );
  return <Webhooks />;
}

function Webhooks() {
  const hooks = useQuery(webhooksQuery);
  const [editing, setEditing] = useState<Webhook | 'new' | null>(null);
  const [secret, setSecret] = useState<{ webhook: WebhookWithSecret; rotated: boolean } | null>(null);
  const [viewing, setViewing] = useState<Webhook | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [rotating, setRotating] = useState<Webhook | null>(null);
  const remove = useDeleteWebhook();
  const rotate = useRotateSecret();
  const sendTest = useSendTestEvent();

  const test = (w: Webhook) =>
    sendTest.mutate(w, {
      onSuccess: () =>
        notifications.show({ color: 'green', message: `A test event is on its way to ${w.url}.` }),
      onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
    });

  return (
    <Stack gap="md">
      <Toolbar actions={<AddButton onClick={() => setEditing('new')}>New endpoint</AddButton>}>
        <Text size="sm" c="dimmed">
          Steward posts the events an endpoint subscribes to, signed per{' '}
          <Anchor href="https://www.standardwebhooks.com/" target="_blank" rel="noreferrer">
            Standard Webhooks
          </Anchor>
          . Failed deliveries are retried for about a day; an endpoint that answers 410 Gone, or fails for 5
          days, is disabled and the admins are told.
        </Text>
      </Toolbar>

      <QueryContent
        query={hooks}
        what="webhook endpoints"
        empty={
          hooks.data?.length === 0 && (
            <EmptyState title="No webhook endpoints">
              Add one to send Steward’s events to another system as they happen.
            </EmptyState>
          )
        }
      >
        <RecordTable
          label="Webhook endpoints"
          minWidth={900}
          columns={['URL', 'Events', 'Status', 'Created']}
          withActions
        >
          {(hooks.data ?? []).map((w) => (
            <Table.Tr key={w.id}>
              <Table.Td>
                <Text size="sm" fw={500} id={`webhook-${w.id}`} style={{ wordBreak: 'break-all' }}>
                  {w.url}
                </Text>
                {w.description && (
                  <Text size="xs" c="dimmed">
                    {w.description}
                  </Text>
                )}
                {w.disabledReason && (
                  <Text size="xs" c="red">
                    {w.disabledReason}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{eventsLabel(w.events)}</Text>
              </Table.Td>
              <Table.Td miw={110}>
                <StatusBadge webhook={w} />
              </Table.Td>
              <Table.Td>{formatDateTime(w.createdAt)}</Table.Td>
              <RowActions
                describedBy={`webhook-${w.id}`}
                actions={[
                  { label: 'Deliveries', onClick: () => setViewing(w) },
                  { label: 'Send test event', onClick: () => test(w) },
                  { label: 'Edit', onClick: () => setEditing(w) },
                  {
                    label: 'Rotate secret',
                    onClick: () => {
                      rotate.reset();
                      setRotating(w);
                    },
                  },
                  {
                    label: 'Delete',
                    color: 'red',
                    onClick: () => {
                      remove.reset();
                      setDeleting(w);
                    },
                  },
                ]}
              />
            </Table.Tr>
          ))}
        </RecordTable>
      </QueryContent>

      <FormModal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing && editing !== 'new' ? 'Edit webhook endpoint' : 'New webhook endpoint'}
      >
        {editing !== null && (
          <WebhookForm
            webhook={editing === 'new' ? null : editing}
            onDone={(created) => {
              setEditing(null);
              if (created) setSecret({ webhook: created, rotated: false });
            }}
            onCancel={() => setEditing(null)}
          />
        )}
      </FormModal>

      <SecretModal shown={secret} onClose={() => setSecret(null)} />

      <DeliveriesModal webhook={viewing} onClose={() => setViewing(null)} />

      <ConfirmModal
        opened={rotating !== null}
        title="Rotate the signing secret?"
        confirmLabel="Rotate secret"
        loading={rotate.isPending}
        error={rotate.error}
        onConfirm={() =>
          rotating &&
          rotate.mutate(rotating, {
            onSuccess: (w) => {
              setRotating(null);
              setSecret({ webhook: w, rotated: true });
            },
          })
        }
        onClose={() => setRotating(null)}
      >
        Deliveries are signed with the new secret at once; the receiver must be given it, or it will refuse
        them.
      </ConfirmModal>

      <ConfirmModal
        opened={deleting !== null}
        title={`Delete the endpoint ${deleting?.url ?? ''}?`}
        confirmLabel="Delete"
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting, {
            onSuccess: () => {
              notifications.show({ color: 'green', message: 'Webhook endpoint deleted.' });
              setDeleting(null);
            },
          })
        }
        onClose={() => setDeleting(null)}
      >
        Nothing more is sent to it, and its delivery history goes with it.
      </ConfirmModal>
    </Stack>
  );
}

interface FormValues {
  url: string;
  allEvents: boolean;
  events: string[];
  description: string;
  active: boolean;
}

function WebhookForm({
  webhook,
  onDone,
  onCancel,
}: {
  webhook: Webhook | null;
  onDone: (created: WebhookWithSecret | null) => void;
  onCancel: () => void;
}) {
  const create = useCreateWebhook();
  const update = useUpdateWebhook();
  const mutation = webhook ? update : create;
  const form = useForm<FormValues>({
    initialValues: {
      url: webhook?.url ?? '',
      allEvents: webhook ? webhook.events.includes('*') : false,
      events: webhook && !webhook.events.includes('*') ? webhook.events : [],
      description: webhook?.description ?? '',
      active: webhook?.active ?? true,
    },
    validate: {
      url: (v) => (/^https?:\/\/\S+$/i.test(v.trim()) ? null : 'Enter the endpoint’s URL, starting https://'),
      events: (v, values) =>
        values.allEvents || v.length ? null : 'Pick at least one event, or all events.',
    },
  });

  const submit = (v: FormValues) => {
    const body = {
      url: v.url.trim(),
      // The choices come from the server's own list of event types.
      events: (v.allEvents ? ['*'] : v.events) as WebhookCreateBody['events'],
      description: v.description.trim() || null,
      active: v.active,
    };
    if (webhook) {
      update.mutate(
        { webhook, body },
        {
          onSuccess: () => {
            notifications.show({ color: 'green', message: 'Webhook endpoint saved.' });
            onDone(null);
          },
          onError: showFieldErrors(form),
        },
      );
    } else {
      create.mutate(body, { onSuccess: (w) => onDone(w), onError: showFieldErrors(form) });
    }
  };

  return (
    <FormShell
      form={form}
      mutation={mutation}
      onSubmit={submit}
      onCancel={onCancel}
      submitLabel={webhook ? 'Save' : 'Create endpoint'}
    >
      <TextInput
        label="URL"
        description="Where the events are posted: a public https address the Steward server can reach (plain http and private addresses only where the server allows them)."
        placeholder="https://example.com/steward/events"
        required
        data-autofocus
        {...form.getInputProps('url')}
      />
      <Checkbox
        label="All events, including ones added later"
        {...form.getInputProps('allEvents', { type: 'checkbox' })}
      />
      {!form.values.allEvents && (
        <MultiSelect
          label="Events"
          placeholder="Pick the events to send"
          data={eventOptions}
          searchable
          clearable
          {...form.getInputProps('events')}
        />
      )}
      <Textarea
        label="Description"
        autosize
        minRows={2}
        maxLength={500}
        {...form.getInputProps('description')}
      />
      <Switch
        label="Active"
        description={
          webhook?.disabledAt
            ? 'Steward disabled this endpoint; turning it on again clears that.'
            : 'An endpoint that is off receives nothing.'
        }
        {...form.getInputProps('active', { type: 'checkbox' })}
      />
    </FormShell>
  );
}

/** The secret, once: after a create or a rotation. Copy it now; it is never shown again. */
function SecretModal({
  shown,
  onClose,
}: {
  shown: { webhook: WebhookWithSecret; rotated: boolean } | null;
  onClose: () => void;
}) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const secret = shown?.webhook.secret ?? '';
  const copy = async () => {
    const ok = await copyText(secret, field.current);
    if (ok) {
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } else {
      field.current?.select();
      notifications.show({
        color: 'yellow',
        message: 'Copying is blocked here: the secret is selected, copy it yourself.',
      });
    }
  };
  return (
    <Modal
      opened={shown !== null}
      onClose={onClose}
      title={shown?.rotated ? 'The new signing secret' : 'Endpoint created: its signing secret'}
      size="lg"
      closeOnClickOutside={false}
      closeOnEscape={false}
    >
      <Stack gap="md">
        <Alert color="yellow" icon={<IconAlertTriangle />} title="Copy this secret now" role="alert">
          It will not be shown again. The receiver verifies each delivery with it (any Standard Webhooks
          library). If you lose it, rotate it.
        </Alert>
        <TextInput
          ref={field}
          label="Signing secret"
          readOnly
          value={secret}
          onFocus={(e) => e.currentTarget.select()}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button
            variant="default"
            leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
            onClick={() => void copy()}
          >
            {copied ? 'Copied' : 'Copy secret'}
          </Button>
          <Button onClick={onClose}>Done</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

const statusColor: Record<WebhookDelivery['status'], string> = {
  pending: 'yellow',
  succeeded: 'green',
  failed: 'red',
};
const statusLabel: Record<WebhookDelivery['status'], string> = {
  pending: 'Pending',
  succeeded: 'Succeeded',
  failed: 'Failed',
};

function DeliveriesModal({ webhook, onClose }: { webhook: Webhook | null; onClose: () => void }) {
  return (
    <Modal opened={webhook !== null} onClose={onClose} title="Deliveries" size="90rem">
      {webhook && <Deliveries webhook={webhook} />}
    </Modal>
  );
}

function Deliveries({ webhook }: { webhook: Webhook }) {
  const list = useInfiniteQuery({ ...deliveriesQuery(webhook.id), refetchInterval: 5_000 });
  const retry = useRetryDelivery();
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed" style={{ wordBreak: 'break-all' }}>
        To <Code>{webhook.url}</Code>, newest first.
      </Text>
      <QueryContent
        query={list}
        what="deliveries"
        empty={
          rows.length === 0 && <EmptyState title="No deliveries yet">Nothing has been sent here.</EmptyState>
        }
      >
        <RecordTable
          label="Deliveries"
          minWidth={1000}
          columns={['Event', 'Status', 'Attempts', 'Response', 'Time', 'Last attempt', 'Next attempt']}
          withActions
        >
          {rows.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>
                <Text size="sm" fw={500} id={`delivery-${d.id}`}>
                  {d.eventType}
                </Text>
                <Text size="xs" c="dimmed" ff="monospace">
                  {d.eventId}
                </Text>
              </Table.Td>
              <Table.Td miw={120}>
                {d.status === 'pending' && d.lastError ? (
                  <Badge color="orange" variant="light" title={d.lastError}>
                    Retrying
                  </Badge>
                ) : (
                  <Badge color={statusColor[d.status]} variant="light" title={d.lastError ?? undefined}>
                    {statusLabel[d.status]}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{d.attempt}</Table.Td>
              <Table.Td maw={260}>
                {d.responseStatus ?? (
                  <Text size="sm" c="dimmed">
                    {d.lastError ? 'No answer' : '—'}
                  </Text>
                )}
                {d.status !== 'succeeded' && d.lastError && (
                  <Text
                    size="xs"
                    c={d.status === 'failed' ? 'red' : 'dimmed'}
                    style={{ wordBreak: 'break-word' }}
                  >
                    {d.lastError}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{d.responseMs === null ? '—' : `${d.responseMs} ms`}</Table.Td>
              <Table.Td>{formatDateTime(d.at)}</Table.Td>
              <Table.Td>{formatDateTime(d.nextAttemptAt)}</Table.Td>
              <RowActions
                describedBy={`delivery-${d.id}`}
                actions={[
                  {
                    label: 'Retry',
                    onClick: () =>
                      retry.mutate(
                        { webhookId: webhook.id, deliveryId: d.id },
                        {
                          onSuccess: () =>
                            notifications.show({
                              color: 'green',
                              message: 'The delivery will be sent again.',
                            }),
                          onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
                        },
                      ),
                  },
                ]}
              />
            </Table.Tr>
          ))}
        </RecordTable>
        <MorePages list={list} errorTitle="Could not load more deliveries" />
      </QueryContent>
    </Stack>
  );
}
