import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { FormShell } from '../../ui/FormShell.tsx';
import { showFieldErrors } from '../../ui/form.ts';
import { formatDateTime, personName } from '../../ui/format.ts';
import { QueryContent } from '../../ui/lists.tsx';
import { contactsQuery } from '../contacts/index.ts';
import { canWorkAccounts, useMe } from '../session/index.ts';
import { userDirectoryQuery } from '../users/index.ts';
import { outcomeLabels, type Reviewer, type ReviewOutcome, reviewerLabels } from './labels.ts';
import {
  type Deliverable,
  type Project,
  type ReviewCreated,
  reviewsQuery,
  useCreateReview,
} from './projects.api.ts';

/** "Rounds used: 1 of 2 included". */
export const roundsText = (d: Pick<Deliverable, 'revisionRounds' | 'includedRevisions'>) =>
  `${d.revisionRounds} of ${d.includedRevisions}`;

/**
 * Records a review of a deliverable, internal or by the client, and shows its review history. A
 * client's request for changes past the included rounds makes a change-order task for the project's
 * owner: the dialog then says so.
 */
export function ReviewModal({
  project,
  deliverable,
  opened,
  onClose,
}: {
  project: Project;
  deliverable: Deliverable | null;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={deliverable ? `Review ${deliverable.name}` : 'Review'}
      size="lg"
    >
      {deliverable && <ReviewDialog project={project} deliverable={deliverable} onClose={onClose} />}
    </Modal>
  );
}

function ReviewDialog({
  project,
  deliverable,
  onClose,
}: {
  project: Project;
  deliverable: Deliverable;
  onClose: () => void;
}) {
  const me = useMe();
  const users = useQuery(userDirectoryQuery);
  const contacts = useQuery(contactsQuery(project.accountId));
  const history = useQuery(reviewsQuery(deliverable.id));
  const create = useCreateReview(deliverable);
  const [result, setResult] = useState<ReviewCreated | null>(null);
  // Members record internal reviews only; the client's verdict is the account team's to record.
  const mayRecordClient = canWorkAccounts(me);
  const form = useForm({
    initialValues: {
      outcome: 'approved' as ReviewOutcome,
      by: (mayRecordClient ? 'client' : 'internal') as Reviewer,
      contactId: null as string | null,
      notes: '',
    },
  });
  const userName = (id: string | null) =>
    id ? (users.data?.find((u) => u.id === id)?.name ?? '…') : 'Steward';
  const contactName = (id: string | null) => {
    const c = id ? contacts.data?.find((x) => x.id === id) : undefined;
    return c ? personName(c.firstName, c.lastName) : null;
  };
  const contactOptions = (contacts.data ?? []).map((c) => ({
    value: c.id,
    label: personName(c.firstName, c.lastName),
  }));

  const submit = (v: typeof form.values) =>
    create.mutate(
      {
        outcome: v.outcome,
        by: v.by,
        ...(v.by === 'client' && v.contactId ? { contactId: v.contactId } : {}),
        notes: v.notes.trim() || null,
      },
      {
        onSuccess: (r) => {
          if (r.by === 'client' && r.outcome === 'changes_requested' && r.overRevisionLimit) {
            setResult(r);
            return;
          }
          notifications.show({
            color: 'green',
            message: `${outcomeLabels[r.outcome]} (${reviewerLabels[r.by].toLowerCase()}) recorded.`,
          });
          onClose();
        },
        onError: showFieldErrors(form),
      },
    );

  const rounds = result
    ? { revisionRounds: result.revisionRounds, includedRevisions: deliverable.includedRevisions }
    : deliverable;

  return (
    <Stack gap="md">
      <Group gap="xs">
        <Text size="sm" data-testid="rounds-used">
          Rounds used: {roundsText(rounds)} included
        </Text>
        {(result?.overRevisionLimit ?? deliverable.overRevisionLimit) && (
          <Badge color="red" variant="light">
            Over limit
          </Badge>
        )}
      </Group>
      {result ? (
        <>
          <Alert color="orange" icon={<IconAlertTriangle />} role="alert" title="Change order">
            {result.changeOrderTaskId
              ? `Over the revision limit — a change-order task was created for ${userName(project.ownerId)}.`
              : `Over the revision limit — the change order for ${deliverable.name} was raised with ${userName(project.ownerId)} already.`}
          </Alert>
          <Group justify="flex-end">
            <Button onClick={onClose}>Done</Button>
          </Group>
        </>
      ) : (
        <FormShell
          form={form}
          mutation={create}
          onSubmit={submit}
          onCancel={onClose}
          submitLabel="Record review"
          ctrlEnter
        >
          <Stack gap={4}>
            <Text size="sm" fw={500} id="review-outcome">
              Outcome
            </Text>
            <SegmentedControl
              aria-labelledby="review-outcome"
              data={[
                { value: 'approved', label: outcomeLabels.approved },
                { value: 'changes_requested', label: outcomeLabels.changes_requested },
              ]}
              {...form.getInputProps('outcome')}
            />
          </Stack>
          {mayRecordClient && (
            <Stack gap={4}>
              <Text size="sm" fw={500} id="review-by">
                By
              </Text>
              <SegmentedControl
                aria-labelledby="review-by"
                data={[
                  { value: 'client', label: reviewerLabels.client },
                  { value: 'internal', label: reviewerLabels.internal },
                ]}
                {...form.getInputProps('by')}
              />
            </Stack>
          )}
          {form.values.by === 'client' && (
            <Select
              label="Client contact"
              placeholder={contacts.isPending ? 'Loading…' : 'Who reviewed it'}
              data={contactOptions}
              searchable
              clearable
              nothingFoundMessage="No contact matches."
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps('contactId')}
            />
          )}
          <Textarea label="Notes" autosize minRows={2} maxRows={8} {...form.getInputProps('notes')} />
        </FormShell>
      )}
      <Stack gap="xs">
        <Title order={3} size="h6">
          Review history
        </Title>
        <QueryContent
          query={history}
          what="the reviews"
          empty={
            history.data?.length === 0 && (
              <Text size="sm" c="dimmed">
                No reviews yet.
              </Text>
            )
          }
        >
          <Stack gap={6} role="list" aria-label="Review history">
            {[...(history.data ?? [])]
              .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
              .map((r) => (
                <Paper key={r.id} withBorder p="xs" role="listitem">
                  <Group gap={6}>
                    <Badge size="sm" variant="light" color={r.outcome === 'approved' ? 'teal' : 'orange'}>
                      {outcomeLabels[r.outcome]}
                    </Badge>
                    <Text size="sm">
                      {reviewerLabels[r.by]}
                      {r.round !== null ? ` · round ${r.round}` : ''}
                      {contactName(r.contactId) ? ` · ${contactName(r.contactId)}` : ''}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {formatDateTime(r.createdAt)} · {userName(r.reviewerId)}
                    </Text>
                  </Group>
                  {r.notes && (
                    <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
                      {r.notes}
                    </Text>
                  )}
                </Paper>
              ))}
          </Stack>
        </QueryContent>
      </Stack>
    </Stack>
  );
}
