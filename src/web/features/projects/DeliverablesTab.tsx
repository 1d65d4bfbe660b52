import { Badge, Group, SegmentedControl, Select, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Me } from '../../api.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { useDeleteConfirm, useFormModal } from '../../ui/dialogs.ts';
import { formatDay } from '../../ui/format.ts';
import { AddButton, NameCell, QueryContent, RecordTable, RowActions } from '../../ui/lists.tsx';
import { notifyFailure } from '../../ui/notify.ts';
import { EmptyState, Toolbar } from '../../ui/states.tsx';
import { canWorkAccounts, useMe } from '../session/index.ts';
import { userDirectoryQuery } from '../users/index.ts';
import { DeliverableFormModal } from './DeliverableFormModal.tsx';
import { DeliverablesGantt } from './DeliverablesGantt.tsx';
import {
  type DeliverableStatus,
  deliverableStatusColors,
  deliverableStatusLabels,
  deliverableStatusOptions,
} from './labels.ts';
import {
  type Deliverable,
  deliverablesQuery,
  type Project,
  useDeleteDeliverable,
  useUpdateDeliverable,
} from './projects.api.ts';
import { ReviewModal, roundsText } from './ReviewModal.tsx';

/** The statuses a member may move their own deliverable through; approval is the client's. */
const memberStatuses: DeliverableStatus[] = ['not_started', 'in_progress', 'internal_review'];

/** Whether the signed-in person may change this deliverable's status and review it internally. */
export const canWorkOn = (me: Me, d: Deliverable) =>
  canWorkAccounts(me) || (me.role === 'member' && d.assigneeId === me.id);

function StatusCell({ deliverable, me }: { deliverable: Deliverable; me: Me }) {
  const update = useUpdateDeliverable();
  if (!canWorkOn(me, deliverable))
    return (
      <Badge variant="light" color={deliverableStatusColors[deliverable.status]}>
        {deliverableStatusLabels[deliverable.status]}
      </Badge>
    );
  const options = canWorkAccounts(me)
    ? deliverableStatusOptions
    : deliverableStatusOptions.filter(
        (o) => memberStatuses.includes(o.value) || o.value === deliverable.status,
      );
  return (
    <Select
      aria-label={`Status of ${deliverable.name}`}
      size="xs"
      w={170}
      data={options}
      value={deliverable.status}
      allowDeselect={false}
      disabled={update.isPending}
      comboboxProps={{ withinPortal: true }}
      onChange={(v) =>
        v &&
        v !== deliverable.status &&
        update.mutate(
          { deliverable, body: { status: v as DeliverableStatus } },
          { onError: notifyFailure(`Could not change the status of ${deliverable.name}`) },
        )
      }
    />
  );
}

export function DeliverablesTab({ project }: { project: Project }) {
  const me = useMe();
  const list = useQuery(deliverablesQuery(project.id));
  const users = useQuery(userDirectoryQuery);
  const form = useFormModal<Deliverable>();
  const deleting = useDeleteConfirm(useDeleteDeliverable(), (d) => `${d.name} deleted.`);
  // The deliverable under review stays chosen while the dialog closes, so it fades out whole.
  const [reviewing, setReviewing] = useState<string | null>(null);
  const [reviewOpen, setReviewOpen] = useState(false);
  const [view, setView] = useState<'table' | 'timeline'>('table');
  const canEdit = canWorkAccounts(me);
  const userName = (id: string) => users.data?.find((u) => u.id === id)?.name ?? '…';
  const deliverables = [...(list.data ?? [])].sort(
    (a, b) => a.dueDate.localeCompare(b.dueDate) || a.name.localeCompare(b.name),
  );
  // The dialog follows the list, so its rounds move as reviews are recorded.
  const reviewed = deliverables.find((d) => d.id === reviewing) ?? null;

  return (
    <Stack gap="md">
      <Toolbar actions={canEdit && <AddButton onClick={() => form.open(null)}>Add deliverable</AddButton>}>
        <SegmentedControl
          aria-label="View"
          size="xs"
          value={view}
          onChange={(v) => setView(v as 'table' | 'timeline')}
          data={[
            { value: 'table', label: 'Table' },
            { value: 'timeline', label: 'Timeline' },
          ]}
        />
      </Toolbar>
      <QueryContent
        query={list}
        what="deliverables"
        empty={
          deliverables.length === 0 && (
            <EmptyState title="No deliverables yet">
              {canEdit ? 'Add what the project delivers, with its due date and who does it.' : null}
            </EmptyState>
          )
        }
      >
        {view === 'timeline' ? (
          <DeliverablesGantt project={project} deliverables={deliverables} />
        ) : (
          <RecordTable
            label="Deliverables"
            minWidth={980}
            columns={['Name', 'Assignee', 'Due', 'Effort', 'Status', 'Rounds']}
            withActions
          >
            {deliverables.map((d) => {
              const nameId = `deliverable-${d.id}`;
              return (
                <Table.Tr key={d.id}>
                  <NameCell
                    id={nameId}
                    badge={
                      <Group gap={4} wrap="nowrap">
                        {d.overRevisionLimit && (
                          <Badge size="sm" color="red" variant="light">
                            Over limit
                          </Badge>
                        )}
                        {d.blockedBy.length > 0 && (
                          <Tooltip label="Waiting on the client: see Client requests" withArrow>
                            <Badge size="sm" color="orange" variant="outline">
                              Blocked by {d.blockedBy.length} request{d.blockedBy.length === 1 ? '' : 's'}
                            </Badge>
                          </Tooltip>
                        )}
                      </Group>
                    }
                  >
                    {d.name}
                  </NameCell>
                  <Table.Td>
                    <Text size="sm">{userName(d.assigneeId)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={d.overdue ? 'red' : undefined} fw={d.overdue ? 600 : undefined}>
                      {formatDay(d.dueDate)}
                      {d.overdue ? ' · overdue' : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {d.effortPoints} pt{d.effortPoints === 1 ? '' : 's'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <StatusCell deliverable={d} me={me} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={d.overRevisionLimit ? 'red' : undefined}>
                      {roundsText(d)}
                    </Text>
                  </Table.Td>
                  <RowActions
                    describedBy={nameId}
                    actions={[
                      ...(canWorkOn(me, d) && d.status !== 'cancelled'
                        ? [
                            {
                              label: 'Review',
                              onClick: () => {
                                setReviewing(d.id);
                                setReviewOpen(true);
                              },
                            },
                          ]
                        : []),
                      ...(canEdit
                        ? [
                            { label: 'Edit', onClick: () => form.open(d) },
                            { label: 'Delete', color: 'red', onClick: () => deleting.ask(d) },
                          ]
                        : []),
                    ]}
                  />
                </Table.Tr>
              );
            })}
          </RecordTable>
        )}
      </QueryContent>
      {canEdit && (
        <DeliverableFormModal
          opened={form.opened}
          project={project}
          deliverable={form.record}
          onClose={form.close}
        />
      )}
      <ConfirmModal {...deleting.modal} title={`Delete ${deleting.item?.name ?? 'the deliverable'}?`}>
        “{deleting.item?.name}” and its review history are removed for good; client requests waiting on it are
        kept. To keep a record of it, cancel it instead.
      </ConfirmModal>
      <ReviewModal
        project={project}
        deliverable={reviewed}
        opened={reviewOpen && reviewed !== null}
        onClose={() => setReviewOpen(false)}
      />
    </Stack>
  );
}
