import {
  Badge,
  Button,
  Card,
  Group,
  List,
  Modal,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../api.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { AddButton, QueryContent, RecordTable, RowActions } from '../../ui/lists.tsx';
import { EmptyState, Toolbar } from '../../ui/states.tsx';
import { AccountLink } from '../accounts/index.ts';
import { useMe } from '../session/index.ts';
import { actionLabels, runStatusColors, triggerLabel } from './labels.ts';
import { PlaybookBuilder } from './PlaybookBuilder.tsx';
import {
  examplesQuery,
  type Playbook,
  type PlaybookRun,
  playbooksQuery,
  previewQuery,
  runsQuery,
  useDeletePlaybook,
  useEnableExample,
  useSetActive,
} from './playbooks.api.ts';

type Dialog =
  | { kind: 'edit'; playbook: Playbook | null }
  | { kind: 'preview'; playbook: Playbook }
  | { kind: 'runs'; playbook: Playbook }
  | { kind: 'delete'; playbook: Playbook }
  | null;

function triggerText(p: Pick<Playbook, 'trigger'>): string {
  const params = (p.trigger.params ?? {}) as Record<string, unknown>;
  if (p.trigger.event === 'renewal.window_entered') return `Renewal within ${params.days} days`;
  if (p.trigger.event === 'signal.threshold_crossed')
    return `${params.metric} crosses ${{ lt: '<', lte: '≤', gt: '>', gte: '≥' }[String(params.op)] ?? params.op} ${params.value}`;
  return triggerLabel(p.trigger.event);
}

export function PlaybooksTab() {
  const me = useMe();
  const isAdmin = me.role === 'admin';
  const list = useQuery(playbooksQuery);
  const [dialog, setDialog] = useState<Dialog>(null);
  const setActive = useSetActive();
  const remove = useDeletePlaybook();
  const close = () => setDialog(null);

  return (
    <Stack gap="lg">
      <Toolbar
        actions={
          isAdmin && (
            <AddButton onClick={() => setDialog({ kind: 'edit', playbook: null })}>New playbook</AddButton>
          )
        }
      >
        <Text size="sm" c="dimmed">
          Playbooks act by themselves when something happens: a trigger, conditions on the account, then
          actions such as a task for the owner or a notification to the manager.{' '}
          {isAdmin ? '' : 'Only admins change them.'}
        </Text>
      </Toolbar>

      <QueryContent
        query={list}
        what="playbooks"
        empty={
          list.data?.length === 0 && (
            <EmptyState title="No playbooks yet">
              {isAdmin ? 'Enable a ready example below, or build your own.' : 'An admin can set them up.'}
            </EmptyState>
          )
        }
      >
        <RecordTable
          label="Playbooks"
          minWidth={820}
          columns={['Name', 'Trigger', 'Active', 'Last run', 'Failures (24\u00a0h)']}
          withActions
        >
          {(list.data ?? []).map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td fw={500} id={`playbook-name-${p.id}`}>
                {p.name}
                {p.deactivatedReason && !p.active && (
                  <Text size="xs" c="red">
                    Switched off: {p.deactivatedReason}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{triggerText(p)}</Table.Td>
              <Table.Td>
                <Switch
                  checked={p.active}
                  disabled={!isAdmin || setActive.isPending}
                  aria-label={`${p.name} active`}
                  onChange={(e) =>
                    setActive.mutate(
                      { playbook: p, active: e.currentTarget.checked },
                      { onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }) },
                    )
                  }
                />
              </Table.Td>
              <Table.Td>{formatDateTime(p.lastRunAt, 'Never')}</Table.Td>
              <Table.Td>
                {p.failedRuns24h > 0 ? (
                  <Badge color="red" variant="light">
                    {p.failedRuns24h}
                  </Badge>
                ) : (
                  '0'
                )}
              </Table.Td>
              <RowActions
                describedBy={`playbook-name-${p.id}`}
                actions={[
                  { label: 'Preview', onClick: () => setDialog({ kind: 'preview', playbook: p }) },
                  { label: 'Run log', onClick: () => setDialog({ kind: 'runs', playbook: p }) },
                  ...(isAdmin
                    ? [
                        { label: 'Edit', onClick: () => setDialog({ kind: 'edit', playbook: p }) },
                        {
                          label: 'Delete',
                          color: 'red',
                          onClick: () => {
                            remove.reset();
                            setDialog({ kind: 'delete', playbook: p });
                          },
                        },
                      ]
                    : []),
                ]}
              />
            </Table.Tr>
          ))}
        </RecordTable>
      </QueryContent>

      <Examples isAdmin={isAdmin} />

      <Modal
        opened={dialog?.kind === 'edit'}
        onClose={close}
        title={dialog?.kind === 'edit' && dialog.playbook ? `Edit ${dialog.playbook.name}` : 'New playbook'}
        size="xl"
      >
        {dialog?.kind === 'edit' && <PlaybookBuilder playbook={dialog.playbook} onDone={close} />}
      </Modal>
      <Modal
        opened={dialog?.kind === 'preview'}
        onClose={close}
        title={dialog?.kind === 'preview' ? `Preview: ${dialog.playbook.name}` : ''}
        size="lg"
      >
        {dialog?.kind === 'preview' && <Preview playbook={dialog.playbook} />}
      </Modal>
      <Modal
        opened={dialog?.kind === 'runs'}
        onClose={close}
        title={dialog?.kind === 'runs' ? `Run log: ${dialog.playbook.name}` : ''}
        size="xl"
      >
        {dialog?.kind === 'runs' && <Runs playbook={dialog.playbook} />}
      </Modal>
      <ConfirmModal
        opened={dialog?.kind === 'delete'}
        title={`Delete ${dialog?.kind === 'delete' ? dialog.playbook.name : 'this playbook'}?`}
        confirmLabel="Delete"
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() =>
          dialog?.kind === 'delete' &&
          remove.mutate(dialog.playbook, {
            onSuccess: () => {
              notifications.show({ color: 'green', message: `Playbook ${dialog.playbook.name} deleted.` });
              close();
            },
          })
        }
        onClose={close}
      >
        Its run log goes with it. What it already did (tasks, notifications) stays.
      </ConfirmModal>
    </Stack>
  );
}

function Examples({ isAdmin }: { isAdmin: boolean }) {
  const examples = useQuery(examplesQuery);
  const enable = useEnableExample();
  return (
    <Stack gap="sm">
      <Title order={4}>Ready examples</Title>
      <QueryContent query={examples} what="the examples">
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          {(examples.data?.data ?? []).map((e) => (
            <Card key={e.key} withBorder padding="md" aria-label={e.name} component="section">
              <Stack gap="xs" h="100%" justify="space-between">
                <div>
                  <Text fw={600}>{e.name}</Text>
                  <Text size="sm" c="dimmed">
                    {e.description}
                  </Text>
                </div>
                {e.playbookId ? (
                  <Badge color="green" variant="light">
                    Enabled
                  </Badge>
                ) : (
                  isAdmin && (
                    <Button
                      size="xs"
                      w="fit-content"
                      loading={enable.isPending && enable.variables === e.key}
                      aria-label={`Enable ${e.name}`}
                      onClick={() =>
                        enable.mutate(e.key, {
                          onSuccess: (p) =>
                            notifications.show({ color: 'green', message: `Playbook ${p.name} enabled.` }),
                          onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
                        })
                      }
                    >
                      Enable
                    </Button>
                  )
                )}
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      </QueryContent>
    </Stack>
  );
}

function Preview({ playbook }: { playbook: Playbook }) {
  const preview = useQuery(previewQuery(playbook.id));
  const total = preview.data?.total ?? 0;
  return (
    <QueryContent query={preview} what="the preview">
      <Stack gap="sm">
        <Text size="sm" aria-live="polite">
          {total === 0
            ? 'No account you can see matches right now.'
            : `${total} ${total === 1 ? 'account matches' : 'accounts match'} right now${total > 100 ? ' (the first 100 are listed)' : ''}. Nothing is run.`}
        </Text>
        {total > 0 && (
          <List size="sm" aria-label="Matching accounts">
            {(preview.data?.data ?? []).map((a) => (
              <List.Item key={a.id}>
                <AccountLink accountId={a.id} size="sm">
                  {a.name}
                </AccountLink>
              </List.Item>
            ))}
          </List>
        )}
      </Stack>
    </QueryContent>
  );
}

function RunActions({ run }: { run: PlaybookRun }) {
  return (
    <Group gap={4}>
      {run.actions.map((a, i) => {
        const label = `${actionLabels[a.type] ?? a.type}${a.status === 'done' ? '' : ` (${a.status})`}`;
        const color = a.status === 'done' ? 'green' : a.status === 'failed' ? 'red' : 'gray';
        const tab =
          a.ref?.type === 'task' ? 'tasks' : a.ref?.type === 'opportunity' ? 'opportunities' : undefined;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a run's actions are its playbook's, by position
          <Badge key={`${a.type}-${i}`} color={color} variant="light" title={a.error ?? undefined}>
            {run.accountId && a.ref && tab ? (
              <AccountLink accountId={run.accountId} tab={tab} size="xs">
                {label}
              </AccountLink>
            ) : (
              label
            )}
          </Badge>
        );
      })}
    </Group>
  );
}

function Runs({ playbook }: { playbook: Playbook }) {
  const runs = useQuery(runsQuery(playbook.id));
  return (
    <QueryContent
      query={runs}
      what="the run log"
      empty={
        runs.data?.data.length === 0 && (
          <EmptyState title="No runs yet">It has not acted on any event.</EmptyState>
        )
      }
    >
      <RecordTable label="Runs" minWidth={760} columns={['When', 'Account', 'Status', 'Actions']}>
        {(runs.data?.data ?? []).map((r) => (
          <Table.Tr key={r.id}>
            <Table.Td>{formatDateTime(r.at)}</Table.Td>
            <Table.Td>
              {r.accountId && r.accountName ? (
                <AccountLink accountId={r.accountId} size="sm">
                  {r.accountName}
                </AccountLink>
              ) : (
                '—'
              )}
            </Table.Td>
            <Table.Td>
              <Badge color={runStatusColors[r.status]} variant="light">
                {r.status}
              </Badge>
              {r.reason && (
                <Text size="xs" c="dimmed">
                  {r.reason}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <RunActions run={r} />
            </Table.Td>
          </Table.Tr>
        ))}
      </RecordTable>
    </QueryContent>
  );
}
