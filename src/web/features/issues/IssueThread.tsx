import {
  Badge,
  Button,
  Group,
  Kbd,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { isNotEmpty, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconEye, IconLock } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { fieldsOf, onCtrlEnter, showFieldErrors } from '../../ui/form.ts';
import { formatDateTime } from '../../ui/format.ts';
import { QueryContent } from '../../ui/lists.tsx';
import { FormError } from '../../ui/states.tsx';
import { userDirectoryQuery } from '../users/index.ts';
import { type Issue, type IssueUpdate, issueUpdatesQuery, usePostUpdate } from './issues.api.ts';
import { type Visibility, visibilityColors, visibilityLabels } from './labels.ts';

const visibilityIcons = { internal: IconLock, client: IconEye } as const;

function VisibilityBadge({ visibility }: { visibility: Visibility }) {
  const Icon = visibilityIcons[visibility];
  return (
    <Badge
      size="sm"
      variant={visibility === 'client' ? 'filled' : 'light'}
      color={visibilityColors[visibility]}
      leftSection={<Icon size={12} aria-hidden />}
      tt="none"
    >
      {visibilityLabels[visibility]}
    </Badge>
  );
}

function UpdateItem({ update, author }: { update: IssueUpdate; author: string }) {
  const client = update.visibility === 'client';
  return (
    <Paper
      withBorder
      p="sm"
      role="listitem"
      aria-label={`${visibilityLabels[update.visibility]} update by ${author}`}
      data-visibility={update.visibility}
      style={{
        borderLeft: `4px solid var(--mantine-color-${visibilityColors[update.visibility]}-${client ? 6 : 4})`,
        background: client ? 'var(--mantine-color-teal-light)' : undefined,
      }}
    >
      <Group justify="space-between" gap="xs" mb={4}>
        <Group gap="xs">
          <Text size="sm" fw={600}>
            {author}
          </Text>
          <VisibilityBadge visibility={update.visibility} />
        </Group>
        <Text size="xs" c="dimmed">
          {formatDateTime(update.createdAt)}
        </Text>
      </Group>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {update.body}
      </Text>
    </Paper>
  );
}

/** The updates of an issue, oldest first, and the composer that adds one. */
export function IssueThread({ issue, canPost }: { issue: Issue; canPost: boolean }) {
  const updates = useQuery(issueUpdatesQuery(issue.id));
  const users = useQuery(userDirectoryQuery);
  const nameOf = (id: string | null) =>
    id ? (users.data?.find((u) => u.id === id)?.name ?? '…') : 'Steward';
  const list = updates.data ?? [];

  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        Updates
      </Title>
      <QueryContent
        query={updates}
        what="updates"
        empty={
          list.length === 0 && (
            <Text size="sm" c="dimmed">
              No updates yet.{canPost ? ' Write the first one below.' : ''}
            </Text>
          )
        }
      >
        <Stack gap="xs" role="list" aria-label="Updates">
          {list.map((u) => (
            <UpdateItem key={u.id} update={u} author={nameOf(u.authorId)} />
          ))}
        </Stack>
      </QueryContent>
      {canPost && <Composer issue={issue} />}
    </Stack>
  );
}

function Composer({ issue }: { issue: Issue }) {
  const post = usePostUpdate(issue);
  const form = useForm({
    initialValues: { body: '', visibility: 'internal' as Visibility },
    validate: { body: isNotEmpty('Write the update.') },
  });
  const client = form.values.visibility === 'client';
  const submit = form.onSubmit((values) =>
    post.mutate(
      { body: values.body.trim(), visibility: values.visibility },
      {
        onSuccess: (u) => {
          notifications.show({
            color: 'green',
            message: u.visibility === 'client' ? 'Client-visible update posted.' : 'Internal note posted.',
          });
          // Keep anything typed while the update was on its way.
          if (form.getValues().body.trim() === u.body) form.setFieldValue('body', '');
        },
        onError: showFieldErrors(form),
      },
    ),
  );

  return (
    <Paper withBorder p="md">
      <form noValidate aria-label="Post an update" onSubmit={submit} onKeyDown={onCtrlEnter(() => submit())}>
        <Stack gap="sm">
          <FormError error={post.error} fields={fieldsOf(form)} />
          <SegmentedControl
            aria-label="Who sees this update"
            value={form.values.visibility}
            onChange={(v) => form.setFieldValue('visibility', v as Visibility)}
            data={[
              { value: 'internal', label: 'Internal note' },
              { value: 'client', label: 'Client-visible' },
            ]}
            color={client ? 'teal' : undefined}
            style={{ alignSelf: 'flex-start' }}
          />
          <Text size="xs" c={client ? 'teal' : 'dimmed'} fw={client ? 600 : undefined}>
            {client
              ? 'The client may see this update: write it for them.'
              : 'Only your colleagues see internal notes.'}
          </Text>
          <Textarea
            label="Update"
            placeholder={client ? 'What the client should know' : 'Findings, next steps, who is on it'}
            autosize
            minRows={3}
            maxRows={12}
            required
            {...form.getInputProps('body')}
          />
          <Group justify="flex-end" gap="xs">
            <Text size="xs" c="dimmed" visibleFrom="sm" mr="auto">
              <Kbd size="xs">Ctrl</Kbd> + <Kbd size="xs">Enter</Kbd> posts it
            </Text>
            <Button type="submit" color={client ? 'teal' : undefined} loading={post.isPending}>
              {client ? 'Post client-visible update' : 'Post internal note'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
